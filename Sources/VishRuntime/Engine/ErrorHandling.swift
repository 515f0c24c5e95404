import VishSyntax

extension ExecutionContext {
    /// What happens to an error that ends a statement (pwsh's CheckActionPreference):
    /// inside `try`, or for errors that end the script, it propagates; otherwise
    /// `$ErrorActionPreference` decides whether it is shown, recorded or fatal.
    func handleStatementError(_ r: ErrorRecord, _ s: Scope) throws {
        lastSucceeded = false
        if r.terminatesScript || r.endsCommand || tryDepth > 0 { throw r }
        switch try preference("erroractionpreference", s) {
        case .silentlyContinue:
            recordError(r)
        case .ignore:
            break
        case .stop:
            r.terminatesScript = true
            r.stoppedByPreference = true
            throw r
        default:
            if r.isThrow { throw r }
            recordError(r)
            host.writeError(ErrorView.render(r, width: errorWidth))
        }
    }

    /// A non-terminating error written by a command (Write-Error, a cmdlet's WriteError).
    func writeNonTerminating(_ r: ErrorRecord, _ s: Scope, action: ActionPreference?) throws {
        let action = try action ?? preference("erroractionpreference", s)
        // An ignored error does not fail `$?`, but the pipeline did fail: `&&` and `||` see
        // it (MshCommandRuntime sets ExecutionFailed before it looks at the preference).
        executionFailed = true
        if action != .ignore { lastSucceeded = false }
        switch errorRedirect {
        case .discard:
            recordError(r)
            return
        case .merge(let sink):
            recordError(r)
            try sink.emit(.object(r))
            return
        case .none:
            break
        }
        switch action {
        case .silentlyContinue:
            recordError(r)
        case .ignore:
            break
        case .stop:
            recordError(r)
            r.terminatesScript = true
            r.stoppedByPreference = true
            throw r
        default:
            recordError(r)
            host.writeError(ErrorView.render(r, width: errorWidth))
        }
    }

    /// An error a trap let through: shown as a non-terminating error.
    func reportNonTerminating(_ r: ErrorRecord, _ s: Scope) {
        recordError(r)
        host.writeError(ErrorView.render(r, width: errorWidth))
    }

    /// WARNING:/VERBOSE:/DEBUG: lines go to standard output, as pwsh's console host writes them.
    func writeStreamLine(_ prefix: String, _ text: String, preference name: String, override: ActionPreference?, _ s: Scope) throws {
        let p = try override ?? preference(name, s)
        switch p {
        case .continue, .inquire:
            let stream = ["WARNING": 3, "VERBOSE": 4, "DEBUG": 5][prefix] ?? 6
            switch streamRedirects[stream] {
            case .discard?: return
            case .merge(let sink)?:
                try sink.emit(.object(StreamRecord(kind: prefix, message: text)))
                return
            default: break
            }
            host.write("\(prefix): \(text)\n")
        case .stop:
            let r = ErrorRecord("System.Management.Automation.ActionPreferenceStopException",
                                "The running command stopped because the preference variable \"\(name.replacingOccurrences(of: "preference", with: "Preference").capitalizedFirst)\" or common parameter is set to Stop: \(text)",
                                id: "ActionPreferenceStop", category: .operationStopped)
            r.terminatesScript = true
            throw r
        default:
            break
        }
    }
}

/// A WarningRecord, VerboseRecord or DebugRecord merged into the output (`3>&1`).
public final class StreamRecord: PSObjectBase {
    let kind: String
    let message: String
    init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }
    public override var typeName: String {
        "System.Management.Automation." + kind.prefix(1) + kind.dropFirst().lowercased() + "Record"
    }
    public override var typeNames: [String] { [typeName, "System.Management.Automation.InformationalRecord", "System.Object"] }
    public override var propertyNames: [String] { ["Message", "InvocationInfo", "PipelineIterationInfo"] }
    public override func getProperty(_ name: String) -> Value? {
        name.lowercased() == "message" ? .string(message) : nil
    }
    public override func toString(_ context: ConversionContext) -> String { message }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension BlockNode {
    /// Runs statements; an error that ends one statement is handled before the next runs.
    static func runStatements(_ statements: [Stmt], _ s: Scope, _ out: Sink) throws {
        try statements.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count {
                let node = Unmanaged.passUnretained(buf[i])
                do {
                    try node._withUnsafeGuaranteedRef { try $0.exec(s, out) }
                } catch {
                    if !s.context.pendingOutput.isEmpty { try s.context.flushPendingOutput(out) }
                    // `return` passes through every block on its way out: known without a cast.
                    if FlowSignal.isSharedReturn(error) { throw error }
                    guard let r = error as? ErrorRecord else { throw error }
                    if r.atSequencePoint {
                        r.position.range = node._withUnsafeGuaranteedRef { $0.range }
                        r.atSequencePoint = false
                    }
                    try s.context.handleStatementError(r, s)
                }
            }
        }
    }
}

/// What Write-Information writes: its message data and tags. Kept in the information
/// stream whatever the preference (redirection and -InformationVariable see it); shown
/// only when the preference says Continue.
public final class InformationRecord: PSObjectBase {
    let messageData: Value
    let tags: [String]
    init(messageData: Value, tags: [String]) {
        self.messageData = messageData
        self.tags = tags
    }
    public override var typeName: String { "System.Management.Automation.InformationRecord" }
    public override var propertyNames: [String] { ["MessageData", "Source", "TimeGenerated", "Tags", "User", "Computer"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "messagedata": return messageData
        case "tags": return .object(PSList(tags.map { .string($0) }, type: PSType.named["system.collections.generic.list[string]"] ?? .objectArray))
        case "source", "user", "computer": return .string("")
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { Convert.toString(messageData, context) }
}
