/// Statements. A bare pipeline (`Get-VM | Start-VM`, or just `1 + 2`) is `.pipeline`.
public indirect enum Statement: Sendable {
    case pipeline(Pipeline)
    /// `a && b || c`, left-associative.
    case pipelineChain(PipelineChain)
    case assignment(Assignment)
    case `if`(IfStatement)
    case `switch`(SwitchStatement)
    case foreach(ForEachStatement)
    case `for`(ForStatement)
    case `while`(WhileStatement)
    /// `do { } while ()` and `do { } until ()`.
    case doLoop(DoLoopStatement)
    case function(FunctionDefinition)
    case `return`(Statement?, SourceRange)
    case exit(Statement?, SourceRange)
    case `throw`(Statement?, SourceRange)
    case `break`(Expression?, SourceRange)
    case `continue`(Expression?, SourceRange)
    case trap(TrapStatement)
    case `try`(TryStatement)
    case data(DataStatement)
    case typeDefinition(TypeDefinition)
    case using(UsingStatement)
    /// Stands in for a statement that could not be parsed.
    case error(SourceRange)

    public var range: SourceRange {
        switch self {
        case .pipeline(let p): return p.range
        case .pipelineChain(let c): return c.range
        case .assignment(let a): return a.range
        case .if(let s): return s.range
        case .switch(let s): return s.range
        case .foreach(let s): return s.range
        case .for(let s): return s.range
        case .while(let s): return s.range
        case .doLoop(let s): return s.range
        case .function(let f): return f.range
        case .return(_, let r), .exit(_, let r), .throw(_, let r), .break(_, let r),
             .continue(_, let r), .error(let r):
            return r
        case .trap(let t): return t.range
        case .try(let t): return t.range
        case .data(let d): return d.range
        case .typeDefinition(let t): return t.range
        case .using(let u): return u.range
        }
    }
}

public struct Pipeline: Sendable {
    public var elements: [PipelineElement]
    /// Ends in `&`: run as a background job.
    public var background: Bool
    public var range: SourceRange

    /// The expression when the pipeline is a single expression with no redirection.
    public var pureExpression: Expression? {
        guard elements.count == 1, case .expression(let e) = elements[0], e.redirections.isEmpty
        else { return nil }
        return e.expression
    }
}

public struct PipelineChain: Sendable {
    public var left: Statement
    /// `.andAnd` or `.orOr`.
    public var op: TokenKind
    public var right: Pipeline
    public var background: Bool
    public var range: SourceRange
}

public enum PipelineElement: Sendable {
    case command(Command)
    case expression(CommandExpression)

    public var range: SourceRange {
        switch self {
        case .command(let c): return c.range
        case .expression(let e): return e.range
        }
    }
}

public enum InvocationOperator: Sendable, Hashable {
    case none, ampersand, dot
}

public struct Command: Sendable {
    /// The command name (first) and its arguments and parameters, in order.
    public var elements: [CommandElement]
    public var invocation: InvocationOperator
    public var redirections: [RedirectionNode]
    public var range: SourceRange
}

public enum CommandElement: Sendable {
    case argument(Expression)
    case parameter(CommandParameter)

    public var range: SourceRange {
        switch self {
        case .argument(let e): return e.range
        case .parameter(let p): return p.range
        }
    }
}

/// `-Name`, or `-Name:value` with the value glued on.
public struct CommandParameter: Sendable {
    public var name: String
    public var argument: Expression?
    public var usedColon: Bool
    public var range: SourceRange
}

public struct CommandExpression: Sendable {
    public var expression: Expression
    public var redirections: [RedirectionNode]
    public var range: SourceRange
}

public struct RedirectionNode: Sendable {
    public var redirection: Redirection
    /// The file for `>`/`>>` (nil for a merge such as `2>&1`).
    public var target: Expression?
    public var range: SourceRange
}

public struct Assignment: Sendable {
    public var target: Expression
    /// `.equals`, `.plusEquals`, … `.questionQuestionEquals`.
    public var op: TokenKind
    public var value: Statement
    public var range: SourceRange
}

public struct IfStatement: Sendable {
    public var clauses: [(condition: Statement, body: StatementBlock)]
    public var elseBody: StatementBlock?
    public var range: SourceRange
}

public struct SwitchFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let regex = SwitchFlags(rawValue: 1)
    public static let wildcard = SwitchFlags(rawValue: 2)
    public static let caseSensitive = SwitchFlags(rawValue: 8)
    public static let file = SwitchFlags(rawValue: 16)
    public static let parallel = SwitchFlags(rawValue: 32)
}

public struct SwitchStatement: Sendable {
    public var label: String?
    public var flags: SwitchFlags
    /// The `( … )` pipeline, or for `-File` the file name expression as a pipeline.
    public var condition: Statement
    public var clauses: [(condition: Expression, body: StatementBlock)]
    public var defaultBody: StatementBlock?
    public var range: SourceRange
}

public struct ForEachStatement: Sendable {
    public var label: String?
    public var variable: VariableExpression
    public var collection: Statement
    public var body: StatementBlock
    public var parallel: Bool
    public var throttleLimit: Expression?
    public var range: SourceRange
}

public struct ForStatement: Sendable {
    public var label: String?
    public var initializer: Statement?
    public var condition: Statement?
    public var iterator: Statement?
    public var body: StatementBlock
    public var range: SourceRange
}

public struct WhileStatement: Sendable {
    public var label: String?
    public var condition: Statement
    public var body: StatementBlock
    public var range: SourceRange
}

public struct DoLoopStatement: Sendable {
    public var label: String?
    public var body: StatementBlock
    public var condition: Statement
    /// `do … until` (loop while the condition is false) rather than `do … while`.
    public var isUntil: Bool
    public var range: SourceRange
}

public struct FunctionDefinition: Sendable {
    public var name: String
    public var nameRange: SourceRange
    public var isFilter: Bool
    public var isWorkflow: Bool
    /// `function f($a, $b) { }` style parameters (nil when written with `param()`).
    public var parameters: [Parameter]?
    public var body: ScriptBlock
    public var range: SourceRange
}

public struct TrapStatement: Sendable {
    public var type: TypeName?
    public var body: StatementBlock
    public var range: SourceRange
}

public struct CatchClause: Sendable {
    public var types: [TypeName]
    public var body: StatementBlock
    public var range: SourceRange
}

public struct TryStatement: Sendable {
    public var body: StatementBlock
    public var catches: [CatchClause]
    public var finally: StatementBlock?
    public var range: SourceRange
}

public struct DataStatement: Sendable {
    public var variable: String?
    public var supportedCommands: [Expression]
    public var body: StatementBlock
    public var range: SourceRange
}

public struct UsingStatement: Sendable {
    public enum Kind: String, Sendable { case namespace, module, assembly, type, command }
    public var kind: Kind
    public var name: Expression?
    public var alias: Expression?
    public var range: SourceRange
}
