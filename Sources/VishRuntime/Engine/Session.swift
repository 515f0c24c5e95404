import Foundation
import VishSyntax

/// The front door of the runtime: runs a script file as `pwsh -File` does, or command
/// lines in the global scope as `pwsh -Command` and the interactive prompt do, and
/// formats what they write as Out-Default would.
public final class Session {
    public let context: ExecutionContext

    public init(host: Host = StandardHost(), clock: Clock = VirtualClock(), seed: UInt64 = 0x5EED) {
        context = ExecutionContext(host: host, clock: clock, seed: seed)
    }

    public var host: Host { context.host }

    /// The last script run (see runScriptHere).
    private var finishedScript: CommandProcessor?

    /// Stops a run after this many loop iterations and calls (nil: no limit).
    public var stepLimit: Int? {
        get { context.stepBudget == Int.max ? nil : context.stepBudget }
        set { context.stepBudget = newValue ?? Int.max }
    }

    /// Runs a script file in its own script scope; returns the process exit code:
    /// `exit N` gives N, an uncaught terminating error or a parse error 1, otherwise 0.
    public func runScript(_ source: SourceFile, arguments: [String] = []) -> Int32 {
        context.types.asCurrent { runScriptHere(source, arguments: arguments) }
    }

    private func runScriptHere(_ source: SourceFile, arguments: [String]) -> Int32 {
        guard let block = compile(source) else { return 1 }
        let call = CommandCall(name: source.name, arguments: arguments.map { CommandArgument(value: .string($0)) },
                               scope: context.globalScope, position: .none, invocation: .none, expectingInput: false)
        let processor = ScriptCommandProcessor(block: block, call: call, newScope: true,
                                               commandName: (source.name as NSString).lastPathComponent, sourceFile: source)
        let outcome = run { sink in
            processor.output = sink
            try processor.begin()
            try processor.process(nil)
            try processor.end()
        }
        // The script's scope lives as long as the session: a CLI run exits without freeing
        // what the script built (a million-entry table costs as much to free as to fill).
        finishedScript = processor
        switch outcome {
        case .completed: return 0
        case .exited(let code): return code
        case .failed: return 1
        }
    }

    /// Runs command text in the global scope (dot-sourced, as typed at the prompt).
    /// Returns the exit code if the text ran `exit`, else nil; `succeeded` tells whether
    /// the last statement succeeded (`pwsh -Command`'s exit code).
    @discardableResult
    public func runCommand(_ source: SourceFile) -> Int32? {
        context.types.asCurrent { runCommandHere(source) }
    }

    private func runCommandHere(_ source: SourceFile) -> Int32? {
        guard let block = compile(source) else {
            context.lastSucceeded = false
            return nil
        }
        let outcome = run { sink in
            try ScriptBlockInvoker.runDotSourced(block, self.context.globalScope, dollarUnder: nil, sink)
        }
        if case .exited(let code) = outcome { return code }
        return nil
    }

    /// `$?` after the last command: `pwsh -Command` exits with 1 when it is false.
    public var succeeded: Bool { context.lastSucceeded }

    private func compile(_ source: SourceFile) -> CompiledBlock? {
        let result = Parser.parse(source)
        if let first = result.diagnostics.first {
            let r = ErrorRecord("System.Management.Automation.ParseException", first.message, id: first.id.rawValue,
                                category: .parserError, position: ErrorPosition(source: source, range: first.range))
            context.host.writeError(ErrorView.render(r, width: context.errorWidth))
            context.host.flush()
            return nil
        }
        do {
            return try Compiler.compile(result.script, source: source)
        } catch let r as ErrorRecord {
            context.host.writeError(ErrorView.render(r, width: context.errorWidth))
            return nil
        } catch {
            context.host.writeError("\(error)\n")
            return nil
        }
    }

    private enum Outcome {
        case completed
        case exited(Int32)
        case failed
    }

    /// Runs `body` with Out-Default as its output; reports what escapes it.
    private func run(_ body: (Sink) throws -> Void) -> Outcome {
        let host = context.host
        let formatter = OutputFormatter(write: { host.write($0) }, writeError: { host.writeError($0) })
        formatter.showsStreamPrefixes = true
        let previous = context.formatter
        context.formatter = formatter
        defer {
            formatter.finish()
            context.formatter = previous
            host.flush()
        }
        do {
            try body(formatter)
            return .completed
        } catch FlowSignal.exit(let code) {
            return .exited(code)
        } catch let r as ErrorRecord {
            formatter.finish()
            context.recordError(r)
            context.lastSucceeded = false
            host.writeError(ErrorView.render(r, width: context.errorWidth))
            return .failed
        } catch FlowSignal.breakLoop, FlowSignal.continueLoop {
            // `break` outside any loop ends the script quietly, as in pwsh.
            return .completed
        } catch {
            formatter.finish()
            context.lastSucceeded = false
            host.writeError("\(error)\n")
            return .failed
        }
    }
}
