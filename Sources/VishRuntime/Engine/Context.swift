import Foundation
import VishSyntax

/// One PowerShell session: the global scope, commands, the host, the clock and the
/// state that spans scripts ($Error, preferences, the output formatter).
public final class ExecutionContext {
    public let host: Host
    public var clock: Clock
    public var random: SeededRandom
    public let globalScope: Scope
    /// The enums and classes this session's scripts define.
    let types = SessionTypes()
    var commands: [String: CommandInfo] = [:]
    var aliases: [String: String] = [:]
    /// `$Error`, newest first, capped at `$MaximumErrorCount`.
    public var errorList: [ErrorRecord] = []
    var callDepth = 0
    /// pwsh fails with "The script failed due to call depth overflow." at about this depth.
    static let maxCallDepth = 100
    /// The script files being run, innermost last (for $PSScriptRoot and positions).
    var scriptStack: [SourceFile] = []
    /// The current working directory for file cmdlets.
    public var currentDirectory: String
    let stack = StackGuard(reserve: 256 << 10)
    /// Loop iterations and calls left before the run is stopped (tests and fuzzing set a
    /// limit; scripts normally run unbounded).
    public var stepBudget = Int.max

    /// Counts one loop iteration or call against the budget.
    @inline(__always) func tick() throws {
        stepBudget &-= 1
        if stepBudget <= 0 {
            stepBudget = 0
            let r = ErrorRecord("System.Management.Automation.PipelineStoppedException", "The run was stopped: it used up its step budget.",
                                id: "StepBudgetExhausted", category: .operationStopped)
            r.terminatesScript = true
            throw r
        }
    }

    /// False in sandboxed runs (fuzzing): nothing may create, change or delete files.
    public var allowFileWrites = true

    /// Set-StrictMode -Version (0 = off).
    var strictMode = 0
    /// `$?`: did the last statement succeed?
    var lastSucceeded = true
    /// Inside a `try` body errors go to its catch instead of being reported.
    var tryDepth = 0
    /// The errors the running catch blocks handle, innermost last (bare `throw` rethrows).
    var catchStack: [ErrorRecord] = []
    /// The width error messages wrap to (pwsh with no terminal: 80).
    var errorWidth = 80
    /// A non-terminating error was written, even an ignored one (what `&&`/`||` test).
    var executionFailed = false
    /// What a capture (`$x = …`, `$(…)`, `(…)`) had collected when `return`, `break`,
    /// `continue` or `exit` left it: the enclosing statement writes it to its own output,
    /// as pwsh's FlushPipe does (`$(1; return 2)` outputs 1 and 2).
    var pendingOutput: [Value] = []

    /// A capture was left by `error`: keep its items for the enclosing statement when the
    /// error is a flow signal, or any error when the capture stands alone as a statement
    /// (pwsh's ShouldPreserveOutputInCaseOfException: `$(1; throw 2)` still outputs 1).
    @inline(never) func captureInterrupted(_ items: [Value], by error: any Error, preserving: Bool) {
        guard !items.isEmpty, preserving || error is FlowSignal else { return }
        pendingOutput.append(contentsOf: items)
    }

    /// Writes what interrupted captures left to the statement's output.
    @inline(never) func flushPendingOutput(_ out: Sink) throws {
        let items = pendingOutput
        pendingOutput = []
        for item in items { try out.emit(item) }
    }

    /// Value sinks free for reuse (ValueSink.collect).
    /// One per nesting depth of captures: a capture's evaluation is strictly nested in the
    /// one around it, so depth names a sink no running capture is using.
    var captureSinks: [ValueSink] = []
    var captureDepth = 0
    /// Out-Default for the script being run.
    var formatter: OutputFormatter?
    /// The function or script whose code is running (`$MyInvocation`; Write-Error reports
    /// errors at its call site).
    var invocation = Invocation.none
    /// Where non-terminating errors go while a command runs with `2>` or `2>&1`.
    var errorRedirect = ErrorRedirect.none
    /// Counts the errors recorded in `$Error`, each numbered (-ErrorVariable tells its
    /// command's errors from others by these numbers).
    var errorSerial = 0
    /// The warning lists of the script commands running now with -WarningVariable, innermost
    /// last: a warning written inside them goes into each (unless one's output is being
    /// processed by a later command of its pipeline: not its warning).
    var warningCollectors: [WarningCollector] = []
    /// The same for the warning (3), verbose (4), debug (5) and information (6) streams.
    var streamRedirects: [Int: ErrorRedirect] = [:]

    enum ErrorRedirect {
        case none, discard
        case merge(Sink)
    }

    public init(host: Host = StandardHost(), clock: Clock = VirtualClock(), seed: UInt64 = 0x5EED) {
        self.host = host
        self.clock = clock
        self.random = SeededRandom(seed: seed)
        self.globalScope = Scope(parent: nil, symbols: SymbolTable(), context: nil, isScriptScope: true)
        self.currentDirectory = FileManager.default.currentDirectoryPath
        globalScope.context = self
        types.globalScope = globalScope
        AutomaticVariables.install(in: self)
        CoreCommands.register(in: self)
    }

    /// Registers a native command (cmdlet).
    public func register(_ command: CommandInfo) {
        commands[command.name.lowercased()] = command
        ResolvedCommand.invalidateAll()
    }

    public func alias(_ name: String, _ target: String) {
        aliases[name.lowercased()] = target
        ResolvedCommand.invalidateAll()
    }

    /// String conversion as seen from a scope (`$OFS`).
    func conversion(_ s: Scope) -> ConversionContext {
        if let ofs = s.lookup("ofs")?.value, !ofs.isNull { return ConversionContext(ofs: Convert.toString(ofs, ConversionContext())) }
        return ConversionContext()
    }

    /// Writes any table rows Out-Default is holding (before text that must follow them).
    func flushFormatter() {}

    func recordError(_ record: ErrorRecord) {
        errorSerial += 1
        record.serial = errorSerial
        errorList.insert(record, at: 0)
        if errorList.count > 256 { errorList.removeLast() }
    }

    /// A preference variable's value ($ErrorActionPreference…), as seen from `scope`. A
    /// variable set to the reserved Suspend (an unconstrained local one) is put back to
    /// its default, with pwsh's NotSupportedException (ExecutionContext.CheckActionPreference).
    func preference(_ name: String, _ scope: Scope) throws -> ActionPreference {
        guard let variable = scope.lookup(name) else { return .continue }
        let p = ActionPreference(Convert.toString(variable.value, ConversionContext())) ?? .continue
        guard p == .suspend else { return p }
        let fallback: ActionPreference = ["verbosepreference", "debugpreference", "informationpreference"].contains(name) ? .silentlyContinue : .continue
        variable.value = .object(EnumValue(type: ActionPreference.typeName, name: fallback.rawValue, value: fallback.number))
        let display = AutomaticVariables.preferenceNames.first { $0.lowercased() == name } ?? name
        throw ErrorRecord("System.NotSupportedException",
                          "The Suspend ActionPreference value is reserved for future use and is not supported at this time. It has been replaced in your \(display) variable by the default value of \(fallback.rawValue). For more information about preference variables, see the Help topic, \"about_Preference_Variables.\"",
                          id: "System.NotSupportedException", category: .notSpecified)
    }
}

/// The running function or script, as its caller invoked it.
/// The function or script call running now (Write-Error blames it). Kept as an
/// unretained reference to the call, which outlives its turn as the invocation: saving
/// and restoring it around every call then costs no reference counting.
struct Invocation {
    private let source: Unmanaged<AnyObject>?

    static let none = Invocation(source: nil)
    private init(source: Unmanaged<AnyObject>?) { self.source = source }
    init(_ source: InvocationSource) { self.source = Unmanaged.passUnretained(source as AnyObject) }

    private var info: InvocationSource? { source.map { $0.takeUnretainedValue() as! InvocationSource } }
    var commandName: String { info?.invocationName ?? "" }
    var isFunction: Bool { info?.invocationIsFunction ?? false }
    var position: ErrorPosition { info?.invocationPosition ?? .none }
}

protocol InvocationSource: AnyObject {
    var invocationName: String { get }
    var invocationIsFunction: Bool { get }
    var invocationPosition: ErrorPosition { get }
}

/// `-ErrorAction` and the `*Preference` variables.
public enum ActionPreference: String {
    case silentlyContinue = "SilentlyContinue"
    case stop = "Stop"
    case `continue` = "Continue"
    case inquire = "Inquire"
    case ignore = "Ignore"
    case suspend = "Suspend"
    case `break` = "Break"

    /// A name, or an unambiguous prefix of one (`-ErrorAction Ig`), as enum conversion allows.
    init?(_ text: String) {
        if let p = ActionPreference.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }) {
            self = p
            return
        }
        let lower = text.lowercased()
        let matches = ActionPreference.allCases.filter { !lower.isEmpty && $0.rawValue.lowercased().hasPrefix(lower) }
        guard matches.count == 1 else { return nil }
        self = matches[0]
    }

    static let allCases: [ActionPreference] = [.silentlyContinue, .stop, .continue, .inquire, .ignore, .suspend, .break]

    static let typeName = "System.Management.Automation.ActionPreference"

    /// The enum's value (SilentlyContinue is 0 … Break is 6).
    var number: Int { Self.allCases.firstIndex(of: self)! }

    static let reservedMessage = "The Suspend ActionPreference value is reserved for future use and is not supported at this time. For more information about preference variables, see the Help topic, \"about_Preference_Variables.\""
}

/// A deterministic random source (SplitMix64); `Get-Random -SetSeed` reseeds it.
public struct SeededRandom {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    public mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
