import VishSyntax

/// Write-Output, Write-Host, Write-Error and the other streams, Out-Null, Out-String,
/// Out-Default and Out-Host.
enum OutputCommands {
    static let all: [CmdletInfo] = [
        CmdletInfo("Write-Output", [
            ParameterInfo(name: "InputObject", type: .object, position: 0, mandatory: true, fromPipeline: true,
                          fromRemaining: true).allowingNull(),
            ParameterInfo(name: "NoEnumerate", isSwitch: true),
        ], type: "Microsoft.PowerShell.Commands.WriteOutputCommand", make: { WriteOutput($0, $1) }),
        CmdletInfo("Write-Host", [
            ParameterInfo(name: "Object", aliases: ["Msg", "Message"], position: 0, fromPipeline: true, fromRemaining: true),
            ParameterInfo(name: "NoNewline", isSwitch: true),
            ParameterInfo(name: "Separator"),
            ParameterInfo(name: "ForegroundColor", type: PSType(.enumType, "System.ConsoleColor")),
            ParameterInfo(name: "BackgroundColor", type: PSType(.enumType, "System.ConsoleColor")),
        ], make: { WriteHost($0, $1) }),
        CmdletInfo("Write-Error", [
            {
                // Given with -Exception too: then it is the error's details.
                let p = ParameterInfo(name: "Message", type: .string, aliases: ["Msg"], position: 0, mandatory: true, fromPipeline: true,
                                      set: "NoException")
                p.sets.append(ParameterSetEntry(set: "WithException", position: nil, mandatory: false, fromPipeline: false,
                                                fromPipelineByPropertyName: false, fromRemaining: false))
                return p
            }(),
            ParameterInfo(name: "Exception", type: PSType.named["system.exception"], position: 0, mandatory: true,
                          set: "WithException"),
            ParameterInfo(name: "ErrorRecord", type: PSType.named["system.management.automation.errorrecord"], position: 0,
                          mandatory: true, set: "ErrorRecord"),
            ParameterInfo(name: "Category"),
            ParameterInfo(name: "ErrorId", type: .string),
            ParameterInfo(name: "TargetObject"),
            ParameterInfo(name: "RecommendedAction", type: .string),
            ParameterInfo(name: "CategoryActivity", type: .string, aliases: ["Activity"]),
            ParameterInfo(name: "CategoryReason", type: .string, aliases: ["Reason"]),
            ParameterInfo(name: "CategoryTargetName", type: .string, aliases: ["TargetName"]),
            ParameterInfo(name: "CategoryTargetType", type: .string, aliases: ["TargetType"]),
        ], defaultSet: "NoException", chooseSet: { args in
            // A positional error record or exception picks its own set, as pwsh binds by type.
            switch PipelineCommands.firstPositional(args)?.normalized {
            case .object(let r as ErrorRecord)? where !r.isExceptionValue: return "ErrorRecord"
            case .object(let r as ErrorRecord)? where r.isExceptionValue: return "WithException"
            case .object(_ as ExceptionObject)?: return "WithException"
            default: return args.contains { $0.parameterName?.lowercased() == "exception" } ? "WithException" : nil
            }
        }, make: { WriteError($0, $1) }),
        stream("Write-Warning", "WARNING", "warningpreference"),
        stream("Write-Verbose", "VERBOSE", "verbosepreference"),
        stream("Write-Debug", "DEBUG", "debugpreference"),
        CmdletInfo("Write-Information", [
            ParameterInfo(name: "MessageData", aliases: ["Msg", "Message"], position: 0, mandatory: true, fromPipeline: true).allowingNull(),
            ParameterInfo(name: "Tags", type: .stringArray, position: 1),
        ], make: { WriteInformation($0, $1) }),
        CmdletInfo("Write-Progress", [
            ParameterInfo(name: "Activity", type: .string, position: 0),
            ParameterInfo(name: "Status", type: .string, position: 1),
            ParameterInfo(name: "Id", type: .int, position: 2),
            ParameterInfo(name: "PercentComplete", type: .int),
            ParameterInfo(name: "SecondsRemaining", type: .int),
            ParameterInfo(name: "CurrentOperation", type: .string),
            ParameterInfo(name: "ParentId", type: .int),
            ParameterInfo(name: "Completed", isSwitch: true),
            ParameterInfo(name: "SourceId", type: .int),
        ], make: { NativeCommand($0, $1) }),
        CmdletInfo("Out-Null", [ParameterInfo(name: "InputObject", fromPipeline: true)], make: { NativeCommand($0, $1) }),
        CmdletInfo("Out-String", [
            ParameterInfo(name: "InputObject", fromPipeline: true),
            ParameterInfo(name: "Width", type: .int),
            ParameterInfo(name: "Stream", set: "StreamFormatting", isSwitch: true),
            ParameterInfo(name: "NoNewline", set: "NoNewLineFormatting", isSwitch: true),
        ], defaultSet: "NoNewLineFormatting", make: { OutString($0, $1) }),
        CmdletInfo("Out-Default", [ParameterInfo(name: "InputObject", fromPipeline: true)], make: { OutDefault($0, $1) }),
        CmdletInfo("Out-Host", [
            ParameterInfo(name: "InputObject", fromPipeline: true),
            ParameterInfo(name: "Paging", isSwitch: true),
        ], make: { OutDefault($0, $1) }),
    ]

    static func stream(_ name: String, _ prefix: String, _ preference: String) -> CmdletInfo {
        CmdletInfo(name, [
            ParameterInfo(name: "Message", type: .string, aliases: ["Msg"], position: 0, mandatory: true, fromPipeline: true),
        ], make: { StreamWriter($0, $1, prefix: prefix, preference: preference) })
    }
}

final class WriteOutput: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        guard let v = param("InputObject") else { return }
        if switchOn("NoEnumerate") { try writeObject(v) } else { try writeEnumerated(v) }
    }
}

final class WriteHost: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        if binder.common.informationAction == .ignore { return }
        let separator = string("Separator") ?? " "
        var text = ""
        if let v = param("Object") { text = Self.text(v, separator, context.conversion(scope)) }
        context.host.write(switchOn("NoNewline") ? text : text + "\n")
    }

    /// Strings as they are; collections (hashtables too) item by item, joined.
    static func text(_ v: Value, _ separator: String, _ conv: ConversionContext) -> String {
        if case .object(let o) = v.normalized {
            if let h = o as? PSHashtable {
                return zip(h.keys, h.values).map { _, _ in "System.Collections.DictionaryEntry" }.joined(separator: separator)
            }
            if o.isEnumerable { return o.enumerate().map { text($0, separator, conv) }.joined(separator: separator) }
            if let d = o as? PSDateTime { return DateFormatting.format(d, "G") }
        }
        return Convert.toString(v, conv)
    }
}

final class WriteError: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let record: ErrorRecord
        if case .object(let r as ErrorRecord)? = param("ErrorRecord") {
            record = r
        } else {
            var message = string("Message") ?? ""
            var type = "Microsoft.PowerShell.Commands.WriteErrorException"
            var source: ErrorRecord?
            switch param("Exception")?.normalized {
            case .object(let ex as ExceptionObject)?: source = ex.record
            case .object(let r as ErrorRecord)?: source = r
            case let e?: message = Convert.toString(e, context.conversion(scope))
            case nil: break
            }
            if let source {
                type = source.exceptionType
                if message.isEmpty { message = source.message }
            }
            var id = string("ErrorId") ?? ""
            if id.isEmpty { id = "Microsoft.PowerShell.Commands.WriteErrorException" }
            let caller = context.invocation.commandName
            if !caller.isEmpty { id += "," + caller }
            let category = string("Category").flatMap { c in
                ErrorCategory.allCases.first { $0.rawValue.caseInsensitiveCompare(c) == .orderedSame }
            } ?? .notSpecified
            record = ErrorRecord(type, source?.message ?? message, id: id, category: category, target: param("TargetObject") ?? .null)
            record.exceptionProperties = source?.exceptionProperties ?? [:]
            record.activity = string("CategoryActivity") ?? "Write-Error"
            record.reason = string("CategoryReason")
            record.targetName = string("CategoryTargetName")
            record.targetType = string("CategoryTargetType")
            // With -Exception, -Message is the error's details (ErrorDetails.Message).
            if source != nil, let m = string("Message") { record.detailsMessage = m }
            if let a = string("RecommendedAction") { record.recommendedAction = a }
        }
        // The error belongs to the caller: ConciseView names the function that wrote it, at its call site.
        let invocation = context.invocation
        record.position = invocation.position
        record.commandName = invocation.isFunction ? invocation.commandName : ""
        try writeError(record)
    }
}

final class StreamWriter: NativeCommand {
    let prefix: String
    let preference: String
    init(_ info: CmdletInfo, _ call: CommandCall, prefix: String, preference: String) {
        self.prefix = prefix
        self.preference = preference
        super.init(info, call)
    }

    override func processRecord(_ input: Value?) throws {
        let text = string("Message") ?? ""
        switch prefix {
        case "WARNING": try writeWarning(text)
        case "VERBOSE": try writeVerbose(text)
        default: try writeDebug(text)
        }
    }
}

final class WriteInformation: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let action = try binder.common.informationAction ?? context.preference("informationpreference", scope)
        if action == .ignore { return }
        let data = param("MessageData") ?? .null
        let record = InformationRecord(messageData: data, tags: strings("Tags") ?? [])
        if let name = binder.common.informationVariable {
            collect(.object(record), into: name, started: &informationVariableStarted)
        }
        switch context.streamRedirects[6] {
        case .discard?: return
        case .merge(let sink)?:
            try sink.emit(.object(record))
            return
        default: break
        }
        guard action == .continue || action == .inquire else { return }
        context.host.write(WriteHost.text(data, " ", context.conversion(scope)) + "\n")
    }
}

/// Formats its input as Out-Default would, into one string (or a string per line).
final class OutString: NativeCommand {
    var lines: [String] = []
    var formatter: OutputFormatter!

    override func beginProcessing() throws {
        let width = (try int("Width")) ?? 120
        formatter = OutputFormatter(width: width, write: { [unowned self] text in self.collect(text) },
                                    writeError: { [unowned self] text in self.collect(text) })
    }

    /// Each line the formatter writes, without its terminator (a string's own newlines stay).
    private var written: [String] = []

    private func collect(_ text: String) {
        var t = text
        if t.hasSuffix("\n") { t.removeLast() }
        written.append(t)
        lines += t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    override func processRecord(_ input: Value?) throws {
        guard let v = param("InputObject") else { return }
        formatter.process(v)
        if switchOn("Stream") { try flushLines() }
    }

    override func endProcessing() throws {
        formatter.finish()
        if switchOn("Stream") { try flushLines(); return }
        if switchOn("NoNewline") {
            try writeObject(.string(written.joined()))
        } else {
            try writeObject(.string(lines.map { $0 + "\n" }.joined()))
        }
    }

    private func flushLines() throws {
        for l in lines { try writeObject(.string(l)) }
        lines = []
    }
}

/// Out-Default and Out-Host in a pipeline: formatted to the host now.
final class OutDefault: NativeCommand {
    var formatter: OutputFormatter!
    override func beginProcessing() throws {
        let host = context.host
        formatter = OutputFormatter(write: { host.write($0) }, writeError: { host.writeError($0) })
        formatter.showsStreamPrefixes = true
    }
    override func processRecord(_ input: Value?) throws {
        if let v = param("InputObject") { formatter.process(v) }
    }
    override func endProcessing() throws { formatter.finish() }
}
