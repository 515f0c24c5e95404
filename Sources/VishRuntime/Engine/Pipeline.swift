import Synchronization
import VishSyntax

enum PipelineStage {
    case expression(Expr, [RedirectionSpec])
    case command(CommandSpec)
}

struct RedirectionSpec {
    let redirection: Redirection
    let target: Expr?
    let range: SourceRange
}

enum CommandArgumentSpec {
    case name(String, SourceRange)
    case value(Expr, SourceRange)
    case parameter(String, Expr?, usedColon: Bool, SourceRange)
    case splat(Expr, SourceRange)
}

struct CommandSpec {
    let elements: [CommandArgumentSpec]
    let invocation: InvocationOperator
    let redirections: [RedirectionSpec]
    let range: SourceRange
    let position: ErrorPosition
    /// What the name resolved to last time, while no command definition has changed.
    let resolved = ResolvedCommand()
}

/// A command name's resolution, remembered per call site. Any change to the commands a
/// name could mean (a function defined or going out of scope, an alias set) moves
/// `generation` on, which makes every remembered resolution stale.
final class ResolvedCommand {
    /// Shared by all sessions: another session's change only costs a fresh lookup.
    private static let counter = Atomic<Int>(0)
    static var generation: Int { counter.load(ordering: .relaxed) }
    var seenGeneration = -1
    var info: CommandInfo?

    static func invalidateAll() { counter.add(1, ordering: .relaxed) }
}

/// An argument as the binder sees it: a parameter name (`-Name`), a value, or both.
struct CommandArgument {
    var parameterName: String?
    var value: Value?
    var usedColon = false
    /// The text a number argument was written with (`085`).
    var numberText: String?
    var range: SourceRange?
    var fromSplat = false
}

/// One use of a command: its evaluated arguments and where it sits.
struct CommandCall {
    let name: String
    var arguments: [CommandArgument]
    let scope: Scope
    let position: ErrorPosition
    let invocation: InvocationOperator
    var expectingInput: Bool
}

/// A command in a running pipeline: started, fed each input object, then ended.
class CommandProcessor {
    var output: Sink = NullSink.shared
    let commandName: String
    /// Its begin has run; input that arrives earlier (from an upstream begin block) waits.
    var started = false
    var waiting: [Value] = []
    init(commandName: String) { self.commandName = commandName }

    /// Runs begin, then the input that was waiting for it.
    final func start() throws {
        try begin()
        started = true
        while !waiting.isEmpty {
            let items = waiting
            waiting = []
            for item in items { try process(item) }
        }
    }
    func begin() throws {}
    func process(_ input: Value?) throws {}
    func end() throws {}
}

/// Feeds a processor's output to the next processor's input.
final class ProcessorInput: Sink {
    let next: CommandProcessor
    init(_ next: CommandProcessor) { self.next = next }
    func emit(_ value: Value) throws {
        if next.started { try next.process(value) } else { next.waiting.append(value) }
    }
}

/// `a | b | c`.
final class PipelineStmt: Stmt {
    let stages: [PipelineStage]
    let position: ErrorPosition
    /// Set when the pipeline is one call that may skip the binder.
    let direct: DirectCallSite?

    init(_ stages: [PipelineStage], _ range: SourceRange, _ position: ErrorPosition) {
        self.stages = stages
        self.position = position
        if stages.count == 1, case .command(let spec) = stages[0] { direct = DirectCallSite(spec) } else { direct = nil }
        super.init(range)
    }

    override func exec(_ s: Scope, _ out: Sink) throws {
        if direct != nil, try unretained(direct!, { try $0.run(s, out) }) { return }
        let context = s.context!
        var processors: [CommandProcessor] = []
        var firstExpression: Expr? = nil
        for (i, stage) in stages.enumerated() {
            switch stage {
            case .expression(let e, let redirections):
                firstExpression = e
                if !redirections.isEmpty {
                    processors.append(RedirectedExpression(e, redirections, s))
                    firstExpression = nil
                }
            case .command(let spec):
                processors.append(try CommandResolver.processor(spec, s, expectingInput: i > 0))
            }
        }
        for (i, p) in processors.enumerated() {
            p.output = i + 1 < processors.count ? ProcessorInput(processors[i + 1]) : out
        }
        context.lastSucceeded = true
        do {
            for p in processors { try p.start() }
            if let e = firstExpression, let first = processors.first, let r = e as? BinaryExpr, r.op == .dotDot {
                // `1..$n | …`: the numbers are made one at a time, not as an array first.
                let l = try r.left.eval(s), h = try r.right.eval(s)
                if let (a, b) = try Operators.intRange(l, h, r.position) {
                    for i in stride(from: a, through: b, by: a <= b ? 1 : -1) {
                        try context.tick()
                        try first.process(.int(Int32(i)))
                    }
                } else {
                    for item in try Operators.range(l, h, r.position).asObject?.enumerate() ?? [] { try first.process(item) }
                }
            } else if let e = firstExpression {
                let v = try e.eval(s)
                if let first = processors.first {
                    if case .object(let o) = v, o.isEnumerable {
                        for item in o.enumerate() {
                            if case .object(let io) = item, io === AutomationNull.shared { continue }
                            try first.process(item)
                        }
                    } else if !(v.isNullish && v.asObject != nil) {
                        try first.process(v)
                    }
                }
            } else if let first = processors.first {
                try first.process(nil)
            }
            for p in processors { try p.end() }
        } catch let stop as PipelineStop {
            // Select-Object -First stops the commands before it; it and the rest still end.
            let at = processors.firstIndex { $0 === stop.processor } ?? processors.count
            for p in processors[at...] { try p.end() }
        } catch let record as ErrorRecord {
            context.lastSucceeded = false
            throw record
        }
    }
}

/// Thrown by a command that has all the input it needs (Select-Object -First).
struct PipelineStop: Error {
    let processor: CommandProcessor
}

/// An expression with redirections (`$x 2>&1 > file`).
final class RedirectedExpression: CommandProcessor {
    let expr: Expr
    let redirections: [RedirectionSpec]
    let scope: Scope
    init(_ expr: Expr, _ redirections: [RedirectionSpec], _ scope: Scope) {
        self.expr = expr
        self.redirections = redirections
        self.scope = scope
        super.init(commandName: "")
    }
    override func process(_ input: Value?) throws {
        let sink = try Redirections.outputSink(redirections, scope, output)
        // `(f | g) 2>&1 > $null`: the commands the expression runs write under them too.
        try Redirections.withErrorRedirection(redirections, scope, sink) {
            try emitEnumerated(try expr.eval(scope), sink)
        }
        try (sink as? FileSink)?.close()
    }
}
