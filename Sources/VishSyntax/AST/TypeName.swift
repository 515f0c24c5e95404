/// A type as written in `[…]`: `int`, `System.Collections.Generic.List[string]`,
/// `int[]`, `string[,]`, `hashtable[][]`.
public indirect enum TypeName: Hashable, Sendable, CustomStringConvertible {
    case simple(String, SourceRange)
    case array(element: TypeName, rank: Int, SourceRange)
    case generic(base: TypeName, arguments: [TypeName], SourceRange)

    public var range: SourceRange {
        switch self {
        case .simple(_, let r), .array(_, _, let r), .generic(_, _, let r): return r
        }
    }

    /// The name as PowerShell prints it (`System.Collections.Generic.List[string]`).
    public var fullName: String {
        switch self {
        case .simple(let name, _): return name
        case .array(let element, let rank, _):
            return element.fullName + "[" + String(repeating: ",", count: rank - 1) + "]"
        case .generic(let base, let args, _):
            return base.fullName + "[" + args.map(\.fullName).joined(separator: ",") + "]"
        }
    }

    public var description: String { fullName }
}

/// `[Name(args…)]`: an attribute with positional and named arguments.
public struct Attribute: Sendable {
    public var typeName: TypeName
    public var positionalArguments: [Expression]
    public var namedArguments: [NamedAttributeArgument]
    public var range: SourceRange
}

/// `Name = value` in an attribute, or a bare `Name` (value `$true`, `expressionOmitted`).
public struct NamedAttributeArgument: Sendable {
    public var name: String
    public var value: Expression
    public var expressionOmitted: Bool
    public var range: SourceRange
}

/// An attribute or a type constraint, as they appear before parameters and expressions.
public enum AttributeOrType: Sendable {
    case attribute(Attribute)
    case typeConstraint(TypeName, SourceRange)

    public var range: SourceRange {
        switch self {
        case .attribute(let a): return a.range
        case .typeConstraint(_, let r): return r
        }
    }

    public var typeName: TypeName {
        switch self {
        case .attribute(let a): return a.typeName
        case .typeConstraint(let t, _): return t
        }
    }
}
