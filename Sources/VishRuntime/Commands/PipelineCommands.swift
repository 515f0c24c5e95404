import VishSyntax

/// ForEach-Object, Where-Object and Tee-Object.
enum PipelineCommands {
    /// Where-Object's operator switches and the operators they stand for.
    static let whereOperators: [(String, TokenKind)] = [
        ("EQ", .ieq), ("CEQ", .ceq), ("NE", .ine), ("CNE", .cne), ("GT", .igt), ("CGT", .cgt), ("LT", .ilt),
        ("CLT", .clt), ("GE", .ige), ("CGE", .cge), ("LE", .ile), ("CLE", .cle), ("Like", .ilike), ("CLike", .clike),
        ("NotLike", .inotlike), ("CNotLike", .cnotlike), ("Match", .imatch), ("CMatch", .cmatch),
        ("NotMatch", .inotmatch), ("CNotMatch", .cnotmatch), ("Contains", .icontains), ("CContains", .ccontains),
        ("NotContains", .inotcontains), ("CNotContains", .cnotcontains), ("In", .iin), ("CIn", .cin),
        ("NotIn", .inotin), ("CNotIn", .cnotin), ("Is", .is), ("IsNot", .isNot),
    ]

    static var all: [CmdletInfo] {
        var whereParams: [ParameterInfo] = [
            ParameterInfo(name: "InputObject", fromPipeline: true),
            ParameterInfo(name: "FilterScript", type: .scriptblock, position: 0, mandatory: true, set: "ScriptBlockSet"),
        ]
        let opSets = whereOperators.map { $0.0 + "Set" } + ["EqualSet", "NotSet"]
        let property = ParameterInfo(name: "Property", type: .string)
        let value = ParameterInfo(name: "Value")
        property.sets = opSets.map { ParameterSetEntry(set: $0, position: 0, mandatory: true) }
        value.sets = opSets.map { ParameterSetEntry(set: $0, position: 1) }
        whereParams += [property, value]
        for (name, _) in whereOperators {
            let aliases = name.hasPrefix("C") && name != "Contains" ? [] : ["I" + name]
            whereParams.append(ParameterInfo(name: name, aliases: aliases, mandatory: name != "EQ", set: name + "Set", isSwitch: true))
        }
        whereParams.append(ParameterInfo(name: "Not", mandatory: true, set: "NotSet", isSwitch: true))

        return [
            CmdletInfo("ForEach-Object", [
                ParameterInfo(name: "InputObject", fromPipeline: true),
                ParameterInfo(name: "Begin", type: .scriptblock, set: "ScriptBlockSet"),
                ParameterInfo(name: "Process", type: .array(of: .scriptblock), position: 0, mandatory: true, set: "ScriptBlockSet"),
                ParameterInfo(name: "End", type: .scriptblock, set: "ScriptBlockSet"),
                ParameterInfo(name: "RemainingScripts", type: .array(of: .scriptblock), fromRemaining: true, set: "ScriptBlockSet"),
                ParameterInfo(name: "MemberName", type: .string, position: 0, mandatory: true, set: "PropertyAndMethodSet"),
                ParameterInfo(name: "ArgumentList", type: .objectArray, aliases: ["Args"], fromRemaining: true,
                              set: "PropertyAndMethodSet"),
            ], defaultSet: "ScriptBlockSet", chooseSet: { args in
                firstPositional(args).map { isScriptBlock($0) ? "ScriptBlockSet" : "PropertyAndMethodSet" }
                    ?? (args.contains { $0.parameterName?.lowercased().hasPrefix("m") == true } ? "PropertyAndMethodSet" : nil)
            }, make: { ForEachObject($0, $1) }),
            CmdletInfo("Where-Object", whereParams, defaultSet: "EqualSet", chooseSet: { args in
                if args.contains(where: { a in
                    guard let n = a.parameterName?.lowercased() else { return false }
                    return n == "not" || whereOperators.contains { $0.0.lowercased() == n || "i" + $0.0.lowercased() == n }
                }) { return nil }
                if let first = firstPositional(args), isScriptBlock(first) { return "ScriptBlockSet" }
                if args.contains(where: { $0.parameterName?.lowercased().hasPrefix("f") == true }) { return "ScriptBlockSet" }
                return "EqualSet"
            }, make: { WhereObject($0, $1) }),
            CmdletInfo("Tee-Object", [
                ParameterInfo(name: "InputObject", fromPipeline: true),
                ParameterInfo(name: "FilePath", type: .string, aliases: ["Path"], position: 0, mandatory: true, set: "File"),
                ParameterInfo(name: "Append", isSwitch: true),
                ParameterInfo(name: "Variable", type: .string, mandatory: true, set: "Variable"),
            ], defaultSet: "File", make: { TeeObject($0, $1) }),
        ]
    }

    static func firstPositional(_ args: [CommandArgument]) -> Value? {
        var i = 0
        while i < args.count {
            if args[i].parameterName != nil {
                // A parameter name followed by its value: skip both unless it is a switch-like flag.
                i += (args[i].usedColon || args[i].value != nil) ? 1 : 2
                continue
            }
            return args[i].value
        }
        return nil
    }

    static func isScriptBlock(_ v: Value) -> Bool {
        if case .object(let o) = v, o is ScriptBlockObject { return true }
        return false
    }
}

/// Runs a script block per input object in the caller's scope, with `$_` set.
final class ForEachObject: NativeCommand {
    private var begin: ScriptBlockObject?
    private var process: [ScriptBlockObject] = []
    private var end: ScriptBlockObject?

    private func blocks(_ name: String) -> [ScriptBlockObject] {
        guard let v = param(name) else { return [] }
        if case .object(let o) = v, o.isEnumerable { return o.enumerate().compactMap { $0.asObject as? ScriptBlockObject } }
        return (v.asObject as? ScriptBlockObject).map { [$0] } ?? []
    }

    override func beginProcessing() throws {
        if isBound("MemberName") { return }
        begin = blocks("Begin").first
        end = blocks("End").first
        var list = blocks("Process") + blocks("RemainingScripts")
        // Several -Process blocks: the first is begin, and with three or more the last is end.
        if list.count > 1 && begin == nil && end == nil {
            begin = list.removeFirst()
            if list.count > 1 { end = list.removeLast() }
        }
        process = list
        if let b = begin { try run(b, nil) }
    }

    private func run(_ block: ScriptBlockObject, _ item: Value?) throws {
        try ScriptBlockInvoker.runDotSourced(block.block, block.capturedScope ?? scope, dollarUnder: item ?? .null, output)
    }

    override func processRecord(_ input: Value?) throws {
        let item = param("InputObject") ?? .null
        if let name = string("MemberName") {
            try member(name, item)
            return
        }
        for p in process { try run(p, item) }
    }

    private func member(_ name: String, _ item: Value) throws {
        let args: [Value] = param("ArgumentList").map { v in
            if case .object(let o) = v, o.isEnumerable { return o.enumerate() }
            return [v]
        } ?? []
        if args.isEmpty, let v = Members.propertyIfPresent(item.normalized, name) {
            try writeEnumerated(v)
            return
        }
        do {
            let r = try Members.call(item, name, args, scope, call.position)
            try writeEnumerated(r)
        } catch let r as ErrorRecord where r.fullyQualifiedErrorId == "MethodNotFound" {
            if args.isEmpty {
                try writeError(error("The input name \"\(name)\" cannot be resolved to a member.",
                                     id: "PropertyOrMethodNotFound", category: .invalidArgument, target: item,
                                     exception: "System.Management.Automation.PSArgumentException"))
            } else {
                try writeError(error("The input name \"\(name)\" cannot be resolved to a method.",
                                     id: "MethodNotFound", category: .invalidOperation, target: item,
                                     exception: "System.Management.Automation.PSInvalidOperationException"))
            }
        }
    }

    override func endProcessing() throws {
        if let e = end { try run(e, nil) }
    }
}

/// Passes on the input objects for which the filter is true.
final class WhereObject: NativeCommand {
    private let truth = TruthSink()

    override func processRecord(_ input: Value?) throws {
        let item = param("InputObject") ?? .null
        if try test(item) { try writeObject(item) }
    }

    private func test(_ item: Value) throws -> Bool {
        if case .object(let sb as ScriptBlockObject)? = param("FilterScript") {
            truth.reset()
            try ScriptBlockInvoker.runDotSourced(sb.block, sb.capturedScope ?? scope, dollarUnder: item, truth)
            return truth.truth
        }
        guard let name = string("Property") else { return false }
        let value = Members.propertyIfPresent(item.normalized, name) ?? .null
        if switchOn("Not") { return !Convert.toBool(value) }
        for (op, kind) in PipelineCommands.whereOperators where switchOn(op) {
            let rhs = param("Value") ?? .null
            return Convert.toBool(try Operators.binary(kind, value, rhs, scope, call.position))
        }
        if isBound("Value") {
            return Convert.toBool(try Operators.binary(.ieq, value, param("Value") ?? .null, scope, call.position))
        }
        return Convert.toBool(value)
    }
}

/// Passes input on and keeps a copy in a variable or a file.
final class TeeObject: NativeCommand {
    private var items: [Value] = []
    override func processRecord(_ input: Value?) throws {
        guard let v = param("InputObject") else { return }
        items.append(v)
        try writeObject(v)
    }
    override func endProcessing() throws {
        if let name = string("Variable") {
            scope.assign(name, items.count == 1 ? items[0] : .object(PSArray(items)))
        } else if let path = string("FilePath") {
            var lines: [String] = []
            let f = OutputFormatter(write: { lines.append($0) }, writeError: { lines.append($0) })
            for i in items { f.process(i) }
            f.finish()
            try FileCommands.write(lines.joined(), to: path, append: switchOn("Append"), self)
        }
    }
}
