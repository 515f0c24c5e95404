/// How the lexer reads the next characters. PowerShell tokenizes differently at the
/// start of a command or in its arguments (barewords, `-Param`) than inside expressions
/// (operators such as `-eq`, numbers); type names inside `[…]` have their own rules.
public enum LexerMode: Sendable {
    /// `signature`: class and enum bodies, where keywords count but barewords don't.
    case command, expression, typeName, signature
}

/// The PowerShell lexer. The parser drives it one token at a time, choosing the mode,
/// and can move it back to any earlier offset to read the same text in another mode.
struct Lexer {
    let source: SourceFile
    let bytes: [UInt8]
    /// Scanning stops here: the end of the file, or of a `$( … )` inside a string.
    let end: Int
    var pos: Int
    var mode: LexerMode = .command
    /// A `+` or `-` directly before a digit starts a number (at the start of an operand).
    var allowSignedNumbers = false
    /// `?` and `:` end a number (inside a ternary expression).
    var forceEndNumberOnTernary = false
    /// Identifiers only: no keywords, no barewords (member and key names).
    var wantSimpleName = false
    var diagnostics: [Diagnostic] = []
    /// Ranges of `#requires` comments seen, in order.
    var requiresComments: [SourceRange] = []
    var tokenStart = 0
    /// Reading the statements of a `$( … )` inside a `"…"` string: a doubled quote or a
    /// backtick-quote reads as one `"`.
    var collapsesQuotes = false
    /// Set when input is nested too deeply: from then on the lexer reports the end of
    /// input and records no more errors, so every rule unwinds at once (pwsh, too, stops
    /// at the first such error).
    private(set) var aborted = false
    private var reported = Set<DiagnosticKey>()

    struct DiagnosticKey: Hashable {
        var id: ParseErrorID
        var range: SourceRange
    }

    /// Bounds the recursion of nested `$( … )` scans on this thread's stack.
    let stack: StackGuard

    init(source: SourceFile, start: Int = 0, end: Int? = nil, stack: StackGuard? = nil) {
        self.stack = stack ?? StackGuard()
        self.source = source
        self.bytes = source.bytes
        self.end = min(end ?? source.bytes.count, source.bytes.count)
        self.pos = start
    }

    // MARK: Characters

    /// The scalar at byte offset `i` and its length in bytes; `(0, 0)` past the end.
    @inline(__always) func scalar(at i: Int) -> (UInt32, Int) {
        guard i < end else { return (0, 0) }
        let b0 = UInt32(bytes[i])
        if collapsesQuotes { return collapsedScalar(at: i) }
        if b0 < 0x80 { return (b0, 1) }
        return decodeMultibyte(at: i)
    }

    private func collapsedScalar(at i: Int) -> (UInt32, Int) {
        let (c, len) = UInt32(bytes[i]) < 0x80 ? (UInt32(bytes[i]), 1) : decodeMultibyte(at: i)
        guard c == 0x60 || CharClass.isDoubleQuote(c), i + len < end else { return (c, len) }
        let b1 = UInt32(bytes[i + len])
        let (c1, len1) = b1 < 0x80 ? (b1, 1) : decodeMultibyte(at: i + len)
        return CharClass.isDoubleQuote(c1) ? (c1, len + len1) : (c, len)
    }

    private func decodeMultibyte(at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[i])
        func cont(_ k: Int) -> UInt32? {
            guard i + k < end else { return nil }
            let b = UInt32(bytes[i + k])
            return b & 0xC0 == 0x80 ? b & 0x3F : nil
        }
        if b0 & 0xE0 == 0xC0, let c1 = cont(1) { return (((b0 & 0x1F) << 6) | c1, 2) }
        if b0 & 0xF0 == 0xE0, let c1 = cont(1), let c2 = cont(2) {
            return (((b0 & 0x0F) << 12) | (c1 << 6) | c2, 3)
        }
        if b0 & 0xF8 == 0xF0, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
            return (((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4)
        }
        return (0xFFFD, 1) // invalid UTF-8 can't come from a Swift String; be safe anyway
    }

    @inline(__always) var atEnd: Bool { pos >= end }
    @inline(__always) func peek() -> UInt32 { scalar(at: pos).0 }
    @inline(__always) func peek(after i: Int) -> UInt32 { scalar(at: i + max(1, scalar(at: i).1)).0 }
    /// The scalar after the current one.
    @inline(__always) func peek2() -> UInt32 { atEnd ? 0 : peek(after: pos) }

    @inline(__always) mutating func advance() {
        let len = scalar(at: pos).1
        pos += max(len, pos < end ? 1 : 0)
    }

    @inline(__always) mutating func next() -> UInt32 {
        let (c, len) = scalar(at: pos)
        pos += len
        return c
    }

    var inCommandMode: Bool { mode == .command }
    var inExpressionMode: Bool { mode == .expression }

    // MARK: Errors

    /// Records an error unless the same one was already reported at the same place (the
    /// parser may read the same text twice, in two modes).
    mutating func report(_ id: ParseErrorID, _ args: [String] = [], _ range: SourceRange, incomplete: Bool = false) {
        report(Diagnostic(id, args, at: range, incomplete: incomplete))
    }

    mutating func report(_ d: Diagnostic) {
        guard !aborted, reported.insert(DiagnosticKey(id: d.id, range: d.range)).inserted else { return }
        diagnostics.append(d)
    }

    /// Reports input nested too deeply and stops reading.
    mutating func abort(at range: SourceRange) {
        report(.NestingTooDeep, [], range)
        aborted = true
        pos = end
    }

    func token(_ kind: TokenKind, _ value: TokenValue = .none) -> Token {
        Token(kind, SourceRange(tokenStart, pos), value)
    }

    func text(_ start: Int, _ stop: Int) -> String {
        String(decoding: bytes[start..<min(stop, end)], as: UTF8.self)
    }

    // MARK: The dispatcher

    mutating func nextToken() -> Token {
        var space = false
        while true {
            tokenStart = pos
            let (c, len) = scalar(at: pos)
            if atEnd || aborted {
                var t = Token(.endOfInput, SourceRange(pos, pos))
                t.precededBySpace = space
                return t
            }
            if CharClass.isWhitespace(c) {
                pos += len
                space = true
                continue
            }
            if c == 0x23 { // #
                skipLineComment()
                space = true
                continue
            }
            if c == 0x3C && peek2() == 0x23 { // <#
                pos += 2
                skipBlockComment()
                space = true
                continue
            }
            if c == 0x60 { // backtick: line continuation, escaped whitespace, or an escape
                let (c1, l1) = scalar(at: pos + 1)
                if c1 == 0x0D || c1 == 0x0A {
                    pos += 1 + l1
                    if c1 == 0x0D && peek() == 0x0A { pos += 1 }
                    space = true
                    continue
                }
                if CharClass.isWhitespace(c1) {
                    pos += 1
                    space = true
                    continue
                }
                if pos + 1 >= end {
                    report(.IncompleteString, [], SourceRange(pos, pos + 1), incomplete: true)
                    pos += 1
                    space = true
                    continue
                }
                pos += 1
                let escaped = scanBacktickEscape()
                var t = scanGeneric(prefix: escaped)
                t.precededBySpace = space
                return t
            }
            var t = scanToken(c)
            t.precededBySpace = space
            return t
        }
    }

    private mutating func scanToken(_ c: UInt32) -> Token {
        switch c {
        case 0x0A:
            pos += 1
            return token(.newLine)
        case 0x0D:
            pos += 1
            if peek() == 0x0A { pos += 1 }
            return token(.newLine)
        case 0x27, 0x2018, 0x2019, 0x201A, 0x201B:
            advance()
            return scanSingleQuoted()
        case 0x22, 0x201C, 0x201D, 0x201E:
            advance()
            return scanDoubleQuoted()
        case 0x40: // @
            pos += 1
            let c1 = peek()
            if c1 == 0x7B { pos += 1; return token(.atCurly) }
            if c1 == 0x28 { pos += 1; return token(.atParen) }
            if CharClass.isSingleQuote(c1) { advance(); return scanHereStringLiteral() }
            if CharClass.isDoubleQuote(c1) { advance(); return scanHereStringExpandable() }
            if CharClass.isVariableStart(c1) { return scanVariable(splatted: true, inString: false) }
            report(.UnrecognizedToken, [], SourceRange(tokenStart, pos))
            return token(.unknown)
        case 0x3D: // =
            pos += 1
            return operatorOrGeneric(.equals, "=")
        case 0x2B: // +
            pos += 1
            let c1 = peek()
            if c1 == 0x2B { pos += 1; return operatorOrGeneric(.plusPlus, "++") }
            if c1 == 0x3D { pos += 1; return operatorOrGeneric(.plusEquals, "+=") }
            if allowSignedNumbers && (CharClass.isDecimalDigit(c1) || c1 == 0x2E) {
                pos = tokenStart
                return scanNumber()
            }
            return operatorOrGeneric(.plus, "+")
        case 0x2D, 0x2013, 0x2014, 0x2015: // dashes
            advance()
            let c1 = peek()
            if CharClass.isDash(c1) { advance(); return operatorOrGeneric(.minusMinus, text(tokenStart, pos)) }
            if c1 == 0x3D { pos += 1; return operatorOrGeneric(.minusEquals, text(tokenStart, pos)) }
            if CharClass.isLetter(c1) || c1 == 0x5F || c1 == 0x3F { return scanParameter() }
            if allowSignedNumbers && (CharClass.isDecimalDigit(c1) || c1 == 0x2E) {
                pos = tokenStart
                return scanNumber()
            }
            return operatorOrGeneric(.minus, text(tokenStart, pos))
        case 0x2A: // *
            pos += 1
            let c1 = peek()
            if c1 == 0x3D { pos += 1; return operatorOrGeneric(.multiplyEquals, "*=") }
            if c1 == 0x3E { // *>
                pos += 1
                if peek() == 0x3E { pos += 1; return fileRedirection(.all, append: true) }
                if peek() == 0x26 && scalar(at: pos + 1).0 == 0x31 { // *>&1
                    pos += 2
                    return mergeRedirection(.all, to: .output)
                }
                return fileRedirection(.all, append: false)
            }
            return operatorOrGeneric(.multiply, "*")
        case 0x2F: // /
            pos += 1
            if peek() == 0x3D { pos += 1; return operatorOrGeneric(.divideEquals, "/=") }
            return operatorOrGeneric(.divide, "/")
        case 0x25: // %
            pos += 1
            if peek() == 0x3D { pos += 1; return operatorOrGeneric(.remainderEquals, "%=") }
            return operatorOrGeneric(.rem, "%")
        case 0x24: // $
            pos += 1
            if peek() == 0x28 { pos += 1; return token(.dollarParen) }
            return scanVariable(splatted: false, inString: false)
        case 0x3C: // <
            pos += 1
            return token(.redirectInStd, .redirection(Redirection(from: .output, mergeTo: nil, append: false, isInput: true)))
        case 0x3E: // >
            pos += 1
            if peek() == 0x3E { pos += 1; return fileRedirection(.output, append: true) }
            return fileRedirection(.output, append: false)
        case 0x28: pos += 1; return token(.lParen)
        case 0x29: pos += 1; return token(.rParen)
        case 0x5B: // [
            pos += 1
            if inCommandMode && !CharClass.forcesNewToken(peek()) { return scanGeneric(prefix: "[") }
            return token(.lBracket)
        case 0x5D: pos += 1; return token(.rBracket)
        case 0x7B: pos += 1; return token(.lCurly)
        case 0x7D: pos += 1; return token(.rCurly)
        case 0x2E: return scanDot()
        case 0x3B: pos += 1; return token(.semi)
        case 0x2C: pos += 1; return token(.comma)
        case 0x31...0x36 where scalar(at: pos + 1).0 == 0x3E && !(inExpressionMode && !isMergeAfterDigit()):
            return scanNumberedRedirection(c) // N> N>> N>&M; in an expression `1>x` is 1 then `>`
        case 0x30...0x39:
            return scanNumber()
        case 0x26: // &
            pos += 1
            if peek() == 0x26 { pos += 1; return token(.andAnd) }
            return token(.ampersand)
        case 0x7C: // |
            pos += 1
            if peek() == 0x7C { pos += 1; return token(.orOr) }
            return token(.pipe)
        case 0x21: // !
            pos += 1
            let c1 = peek()
            if (inCommandMode && !CharClass.forcesNewToken(c1)) || (inExpressionMode && CharClass.isIdentifierStart(c1)) {
                return scanGeneric(prefix: "!")
            }
            return token(.exclaim)
        case 0x3A: // :
            pos += 1
            if peek() == 0x3A {
                pos += 1
                if inCommandMode && !wantSimpleName && !CharClass.forcesNewToken(peek()) {
                    return scanGeneric(prefix: "::")
                }
                return token(.colonColon)
            }
            if inCommandMode { return scanLabel() }
            return token(.colon)
        case 0x3F where inExpressionMode: // ?
            pos += 1
            if peek() == 0x3F {
                pos += 1
                if peek() == 0x3D { pos += 1; return token(.questionQuestionEquals) }
                return token(.questionQuestion)
            }
            return token(.questionMark)
        default:
            if c == 0x5F || CharClass.isLetter(c) { return scanIdentifier() }
            advance()
            return scanGeneric(prefix: String(Character(Unicode.Scalar(c) ?? "?")))
        }
    }

    /// An operator in expression mode; in command mode, glued to what follows it is the
    /// start of a bareword (`=foo`, `+x`).
    mutating func operatorOrGeneric(_ kind: TokenKind, _ spelled: String) -> Token {
        if inCommandMode && !CharClass.forcesNewToken(peek()) {
            return scanGeneric(prefix: spelled)
        }
        return token(kind)
    }

    private mutating func fileRedirection(_ from: Redirection.Stream, append: Bool) -> Token {
        token(.redirection, .redirection(Redirection(from: from, mergeTo: nil, append: append, isInput: false)))
    }

    private mutating func mergeRedirection(_ from: Redirection.Stream, to: Redirection.Stream) -> Token {
        token(.redirection, .redirection(Redirection(from: from, mergeTo: to, append: false, isInput: false)))
    }

    /// At `N>`: is it `N>&1` / `N>&2` (a merge, a redirection in every mode)?
    private func isMergeAfterDigit() -> Bool {
        scalar(at: pos + 2).0 == 0x26 && (scalar(at: pos + 3).0 == 0x31 || scalar(at: pos + 3).0 == 0x32)
    }

    /// `2>`, `2>>`, `2>&1`, `3>&2` …
    private mutating func scanNumberedRedirection(_ digit: UInt32) -> Token {
        let stream = Redirection.Stream(rawValue: Int(digit - 0x30)) ?? .output
        pos += 2
        if peek() == 0x3E { pos += 1; return fileRedirection(stream, append: true) }
        if peek() == 0x26 {
            let c2 = scalar(at: pos + 1).0
            if c2 == 0x31 || c2 == 0x32 {
                pos += 2
                return mergeRedirection(stream, to: c2 == 0x31 ? .output : .error)
            }
        }
        return fileRedirection(stream, append: false)
    }

    private mutating func scanDot() -> Token {
        pos += 1
        let c = peek()
        if c == 0x2E {
            pos += 1
            if inCommandMode && !CharClass.forcesNewToken(peek()) {
                pos -= 1
                return scanGeneric(prefix: ".")
            }
            return token(.dotDot)
        }
        if CharClass.isDecimalDigit(c) {
            pos = tokenStart
            return scanNumber()
        }
        if inCommandMode && !CharClass.forcesNewToken(c) && c != 0x24 && !CharClass.isDoubleQuote(c) && !CharClass.isSingleQuote(c) {
            return scanGeneric(prefix: ".")
        }
        return token(.dot)
    }

    // MARK: Comments

    private mutating func skipLineComment() {
        let start = pos
        pos += 1
        while !atEnd {
            let b = bytes[pos]
            if b == 0x0A || b == 0x0D { break }
            pos += 1
        }
        // `#requires -Version …`: kept for the script block's requirements.
        let body = bytes[(start + 1)..<pos]
        if body.count >= 8 {
            let word = String(decoding: body.prefix(8), as: UTF8.self).lowercased()
            let after = body.count > 8 ? UInt32(body[body.startIndex + 8]) : 0x20
            if word == "requires" && (CharClass.isWhitespace(after)) {
                let range = SourceRange(start, pos)
                if !requiresComments.contains(range) { requiresComments.append(range) }
            }
        }
    }

    private mutating func skipBlockComment() {
        let start = tokenStart
        while !atEnd {
            if bytes[pos] == 0x23 && pos + 1 < end && bytes[pos + 1] == 0x3E { // #>
                pos += 2
                return
            }
            pos += 1
        }
        report(.MissingTerminatorMultiLineComment, [], SourceRange(start, start + 2), incomplete: true)
    }

    // MARK: Raw helpers the parser uses between tokens

    /// Skips blanks, comments and line continuations (not newlines).
    mutating func skipSpace() {
        while !atEnd {
            let (c, len) = scalar(at: pos)
            if CharClass.isWhitespace(c) { pos += len; continue }
            if c == 0x23 { tokenStart = pos; skipLineComment(); continue }
            if c == 0x3C && peek2() == 0x23 { tokenStart = pos; pos += 2; skipBlockComment(); continue }
            if c == 0x60 { // a backtick before a newline or blank is itself blank
                let (c1, l1) = scalar(at: pos + 1)
                if c1 == 0x0A || c1 == 0x0D {
                    pos += 2
                    if c1 == 0x0D && peek() == 0x0A { pos += 1 }
                    continue
                }
                if CharClass.isWhitespace(c1) {
                    pos += 1 + l1
                    continue
                }
            }
            return
        }
    }

    /// Skips newlines (and `;` when asked) along with blanks and comments.
    mutating func skipNewlines(semicolons: Bool) {
        while true {
            skipSpace()
            let c = peek()
            if atEnd { return }
            if c == 0x0A || c == 0x0D || (semicolons && c == 0x3B) {
                pos += 1
                continue
            }
            return
        }
    }

    /// After a newline: is the next line (ignoring comments, but not blank lines) a
    /// leading `|`? PowerShell 7 continues the pipeline then.
    func isPipeContinuation(after offset: Int) -> Bool {
        var i = offset
        var lastWasNewline = true
        while i < end {
            let (c, len) = scalar(at: i)
            if CharClass.isWhitespace(c) { i += len; continue }
            if c == 0x0A || c == 0x0D {
                if lastWasNewline { return false }
                lastWasNewline = true
                i += (c == 0x0D && i + 1 < end && bytes[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            lastWasNewline = false
            if c == 0x23 {
                while i < end && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
                continue
            }
            if c == 0x3C && i + 1 < end && bytes[i + 1] == 0x23 {
                i += 2
                while i + 1 < end && !(bytes[i] == 0x23 && bytes[i + 1] == 0x3E) { i += 1 }
                i += 2
                continue
            }
            return c == 0x7C // `||` too: the chain operator then continues the statement
        }
        return false
    }

    /// A member-access operator glued to the previous token: `.`, `::`, `?.`, and when
    /// allowed `[` or `?[`. Nil (and nothing consumed) otherwise.
    mutating func memberAccessOperator(allowLBracket: Bool) -> Token? {
        let save = pos
        while peek() == 0x3C && peek2() == 0x23 { // <# comment #> between is allowed
            tokenStart = pos
            pos += 2
            skipBlockComment()
        }
        tokenStart = pos
        let c = peek()
        switch c {
        case 0x2E:
            let c1 = peek2()
            if c1 == 0x2E { break }
            if inCommandMode && (CharClass.isWhitespace(c1) || c1 == 0 || c1 == 0x0A || c1 == 0x0D) { break }
            pos += 1
            return token(.dot)
        case 0x3A:
            guard peek2() == 0x3A else { break }
            let c2 = scalar(at: pos + 2).0
            if inCommandMode && (CharClass.isWhitespace(c2) || c2 == 0 || c2 == 0x0A || c2 == 0x0D) { break }
            pos += 2
            return token(.colonColon)
        case 0x5B where allowLBracket:
            pos += 1
            return token(.lBracket)
        case 0x3F:
            let c1 = peek2()
            if c1 == 0x2E { pos += 2; return token(.questionDot) }
            if c1 == 0x5B && allowLBracket { pos += 2; return token(.questionLBracket) }
        default:
            break
        }
        pos = save
        return nil
    }

    /// `(` or `{` glued to a member name: a method call.
    mutating func invokeMemberOpenParen() -> Token? {
        let c = peek()
        guard c == 0x28 || c == 0x7B else { return nil }
        tokenStart = pos
        pos += 1
        return token(c == 0x28 ? .lParen : .lCurly)
    }

    /// The next `[`, across blanks and comments (attribute lists), or nil with nothing
    /// consumed.
    mutating func nextLBracket() -> Token? {
        let save = pos
        skipSpace()
        if peek() == 0x5B {
            tokenStart = pos
            pos += 1
            return token(.lBracket)
        }
        pos = save
        return nil
    }

    /// After `--%`: the rest of the line, verbatim, up to a `|` or `&&` outside quotes.
    mutating func verbatimArgument() -> Token? {
        while !atEnd && CharClass.isWhitespace(peek()) { advance() }
        tokenStart = pos
        var inQuotes = false
        while !atEnd {
            let c = peek()
            if c == 0x0A || c == 0x0D { break }
            if CharClass.isDoubleQuote(c) { inQuotes.toggle(); advance(); continue }
            if !inQuotes && (c == 0x7C || (c == 0x26 && peek2() == 0x26)) { break }
            advance()
        }
        return token(.generic, .text(text(tokenStart, pos)))
    }
}
