/// A lexical token: its kind, where it is, and the value the lexer decoded from it.
public struct Token: Sendable {
    public var kind: TokenKind
    public var range: SourceRange
    public var value: TokenValue
    /// True when whitespace, a comment or a line continuation preceded the token; the
    /// parser needs it where PowerShell forbids a space (`$x.y`, `$x[0]`, `m(…)`).
    public var precededBySpace: Bool

    public init(_ kind: TokenKind, _ range: SourceRange, _ value: TokenValue = .none, space: Bool = false) {
        self.kind = kind
        self.range = range
        self.value = value
        self.precededBySpace = space
    }
}

public enum TokenValue: Sendable {
    case none
    case number(NumberLiteral)
    /// Decoded text of a string or generic (bareword) token.
    case text(String)
    /// A string or bareword with `$var` or `$(…)` inside: its text (nested pieces spelled
    /// as written) and its parts in order.
    case expandable(String, [StringPart])
    case variable(VariablePath, splatted: Bool)
    case parameter(name: String, usedColon: Bool)
    case redirection(Redirection)
    case label(String)
}

/// A piece of an expandable string: decoded literal text, a `$name`, or a `$( … )` whose
/// statements the parser reads from `inner`. In a `"…"` string (not a here-string) the
/// statements see `""` and `` `" `` as one `"`, as pwsh reads them.
public enum StringPart: Sendable {
    case literal(String)
    case variable(VariablePath, SourceRange)
    case subExpression(inner: SourceRange, whole: SourceRange, collapsesQuotes: Bool)
}

/// A redirection operator, decoded: `2>&1`, `>`, `>>`, `*>`, `3>>` …
public struct Redirection: Sendable, Hashable {
    public enum Stream: Int, Sendable, Hashable {
        case all = 0, output = 1, error = 2, warning = 3, verbose = 4, debug = 5, information = 6
    }
    /// `from > file` (append with `>>`), or `from >&to` (merge).
    public var from: Stream
    public var mergeTo: Stream?
    public var append: Bool
    public var isInput: Bool
}

/// A numeric literal as written: PowerShell picks the narrowest type that holds it
/// (Int32, then Int64, then Decimal, then Double) unless a suffix says otherwise.
public enum NumberLiteral: Sendable, Hashable {
    case int32(Int32)
    case int64(Int64)
    case uint32(UInt32)
    case uint64(UInt64)
    case int16(Int16)
    case uint16(UInt16)
    case sbyte(Int8)
    case byte(UInt8)
    case double(Double)
    /// Decimal text, already multiplied out; the runtime owns the decimal arithmetic.
    case decimal(String)
    case bigInteger(String)
}
