/// A script, a `{ … }` script block, or a function body.
public struct ScriptBlock: Sendable {
    public var usings: [UsingStatement]
    public var requires: [RequiresDirective]
    public var attributes: [Attribute]
    public var paramBlock: ParamBlock?
    public var dynamicParamBlock: NamedBlock?
    public var beginBlock: NamedBlock?
    public var processBlock: NamedBlock?
    /// Statements outside any named block land here, as an unnamed `end` block.
    public var endBlock: NamedBlock?
    public var cleanBlock: NamedBlock?
    public var isFilter: Bool
    public var range: SourceRange

    public init(range: SourceRange) {
        usings = []
        requires = []
        attributes = []
        isFilter = false
        self.range = range
    }
}

public enum BlockKind: String, Sendable, Hashable {
    case begin, process, end, clean, dynamicparam
}

public struct NamedBlock: Sendable {
    public var kind: BlockKind
    public var body: StatementBlock
    /// True for statements written without a block name.
    public var unnamed: Bool
    public var range: SourceRange
}

/// `{ statements }`: the body of an `if`, loop, `try`, or named block.
public struct StatementBlock: Sendable {
    public var statements: [Statement]
    public var traps: [TrapStatement]
    public var range: SourceRange

    public init(statements: [Statement], traps: [TrapStatement], range: SourceRange) {
        self.statements = statements
        self.traps = traps
        self.range = range
    }
}

public struct ParamBlock: Sendable {
    public var attributes: [Attribute]
    public var parameters: [Parameter]
    public var range: SourceRange
}

public struct Parameter: Sendable {
    public var attributes: [AttributeOrType]
    public var name: VariablePath
    public var defaultValue: Expression?
    public var range: SourceRange
}

/// `#requires -Version 7 -Modules X`: the arguments as a parsed command.
public struct RequiresDirective: Sendable {
    public var command: Command?
    public var range: SourceRange
}

/// `class` and `enum` definitions: parsed so scripts load, run by a later layer.
public struct TypeDefinition: Sendable {
    public enum Kind: String, Sendable { case `class`, `enum` }
    public var kind: Kind
    public var name: String
    public var attributes: [AttributeOrType]
    public var baseTypes: [TypeName]
    public var members: [TypeMember]
    public var range: SourceRange
}

public enum TypeMember: Sendable {
    case property(PropertyMember)
    case method(MethodMember)
    case enumMember(name: String, value: Expression?, range: SourceRange)
}

public struct PropertyMember: Sendable {
    public var name: String
    public var attributes: [AttributeOrType]
    public var isStatic: Bool
    public var isHidden: Bool
    public var initialValue: Expression?
    public var range: SourceRange
}

public struct MethodMember: Sendable {
    public var name: String
    public var attributes: [AttributeOrType]
    public var isStatic: Bool
    public var isHidden: Bool
    public var parameters: [Parameter]
    /// `: base(args)` on a constructor.
    public var baseArguments: [Expression]?
    public var body: ScriptBlock
    public var range: SourceRange
}
