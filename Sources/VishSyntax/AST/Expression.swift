/// Expressions. Each payload carries its source range; `Expression.range` reads it.
public indirect enum Expression: Sendable {
    case constant(NumberLiteral, SourceRange)
    case string(StringConstant)
    case expandableString(ExpandableString)
    case variable(VariableExpression)
    case type(TypeName, SourceRange)
    case binary(BinaryExpression)
    case unary(UnaryExpression)
    case ternary(TernaryExpression)
    /// `[type]expr`.
    case convert(ConvertExpression)
    /// `[Attribute()]expr` (e.g. `[ValidateNotNull()]$x = …`).
    case attributed(AttributedExpression)
    case member(MemberExpression)
    case invokeMember(InvokeMemberExpression)
    case index(IndexExpression)
    /// `a, b, c` and unary `,a`.
    case arrayLiteral([Expression], SourceRange)
    /// `@( … )`.
    case arrayExpression(StatementBlock, SourceRange)
    /// `$( … )`.
    case subExpression(StatementBlock, SourceRange)
    /// `( pipeline )`.
    case paren(Statement, SourceRange)
    case hashtable([HashEntry], SourceRange)
    case scriptBlock(ScriptBlock)
    /// `$using:x…`.
    case using(Expression, SourceRange)
    /// Stands in for what could not be parsed, holding whatever was.
    case error([Expression], SourceRange)

    public var range: SourceRange {
        switch self {
        case .constant(_, let r), .type(_, let r), .arrayLiteral(_, let r),
             .arrayExpression(_, let r), .subExpression(_, let r), .paren(_, let r),
             .hashtable(_, let r), .using(_, let r), .error(_, let r):
            return r
        case .string(let s): return s.range
        case .expandableString(let s): return s.range
        case .variable(let v): return v.range
        case .binary(let b): return b.range
        case .unary(let u): return u.range
        case .ternary(let t): return t.range
        case .convert(let c): return c.range
        case .attributed(let a): return a.range
        case .member(let m): return m.range
        case .invokeMember(let m): return m.range
        case .index(let i): return i.range
        case .scriptBlock(let s): return s.range
        }
    }
}

public enum StringKind: Sendable, Hashable {
    case bareword, singleQuoted, doubleQuoted, singleQuotedHere, doubleQuotedHere
}

public struct StringConstant: Sendable {
    public var value: String
    public var kind: StringKind
    public var range: SourceRange
}

/// `"text $x $(expr)"`: the literal pieces and the nested expressions in order.
public struct ExpandableString: Sendable {
    public enum Part: Sendable {
        case literal(String)
        case expression(Expression)
    }
    /// The string's decoded text with the nested pieces still spelled out.
    public var value: String
    public var parts: [Part]
    public var kind: StringKind
    public var range: SourceRange
}

public struct VariableExpression: Sendable {
    public var path: VariablePath
    /// `@name`: splatting.
    public var splatted: Bool
    public var range: SourceRange
}

public struct BinaryExpression: Sendable {
    public var op: TokenKind
    public var left: Expression
    public var right: Expression
    public var operatorRange: SourceRange
    public var range: SourceRange
}

public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-", plus = "+", not = "-not", exclaim = "!", bnot = "-bnot"
    case split = "-split", csplit = "-csplit", join = "-join"
    case preIncrement = "++pre", preDecrement = "--pre"
    case postIncrement = "post++", postDecrement = "post--"
}

public struct UnaryExpression: Sendable {
    public var op: UnaryOperator
    public var operand: Expression
    public var range: SourceRange
}

public struct TernaryExpression: Sendable {
    public var condition: Expression
    public var ifTrue: Expression
    public var ifFalse: Expression
    public var range: SourceRange
}

public struct ConvertExpression: Sendable {
    public var type: TypeName
    public var typeRange: SourceRange
    public var operand: Expression
    public var range: SourceRange
}

public struct AttributedExpression: Sendable {
    public var attribute: Attribute
    public var operand: Expression
    public var range: SourceRange
}

/// `target.member`, `target::member`, `target?.member`. The member is usually a bareword
/// string but may be any expression (`$x.$name`, `$x.('a' + 'b')`).
public struct MemberExpression: Sendable {
    public var target: Expression
    public var member: Expression
    public var isStatic: Bool
    public var nullConditional: Bool
    public var range: SourceRange
}

public struct InvokeMemberExpression: Sendable {
    public var target: Expression
    public var member: Expression
    public var arguments: [Expression]
    public var genericArguments: [TypeName]
    public var isStatic: Bool
    public var nullConditional: Bool
    public var range: SourceRange
}

public struct IndexExpression: Sendable {
    public var target: Expression
    public var index: Expression
    public var nullConditional: Bool
    public var range: SourceRange
}

/// `key = statement` in `@{ … }`.
public struct HashEntry: Sendable {
    public var key: Expression
    public var value: Statement
}
