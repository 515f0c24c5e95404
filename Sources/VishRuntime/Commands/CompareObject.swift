/// Compare-Object: which objects are only in the reference set (`<=`), only in the
/// difference set (`=>`), or in both (`==`, with -IncludeEqual).
final class CompareObject: NativeCommand {
    static let info = CmdletInfo("Compare-Object", [
        ParameterInfo(name: "ReferenceObject", type: .objectArray, position: 0, mandatory: true),
        ParameterInfo(name: "DifferenceObject", type: .objectArray, position: 1, mandatory: true, fromPipeline: true),
        ParameterInfo(name: "SyncWindow", type: .int),
        ParameterInfo(name: "Property", type: .objectArray),
        ParameterInfo(name: "ExcludeDifferent", isSwitch: true),
        ParameterInfo(name: "IncludeEqual", isSwitch: true),
        ParameterInfo(name: "PassThru", isSwitch: true),
        ParameterInfo(name: "Culture", type: .string),
        ParameterInfo(name: "CaseSensitive", isSwitch: true),
    ], make: { CompareObject($0, $1) })

    private var difference: [Value] = []

    override func processRecord(_ input: Value?) throws {
        guard let v = param("DifferenceObject") else { return }
        if input != nil { difference.append(v) } else { difference = v.asObject?.enumerate() ?? [v] }
    }

    override func endProcessing() throws {
        let specs = try PropertySpec.parse(param("Property"), command: info.name, call.position)
        var reference = param("ReferenceObject")?.asObject?.enumerate() ?? []
        let cs = switchOn("CaseSensitive")
        func keys(_ v: Value) throws -> [Value] {
            specs.isEmpty ? [v] : try specs.map { try $0.value(v, scope) ?? .null }
        }
        var equal: [(Value, [Value])] = []
        var onlyDifference: [Value] = []
        for d in difference {
            let dk = try keys(d)
            if let i = try reference.firstIndex(where: { r in
                try zip(try keys(r), dk).allSatisfy { SortObject.compare($0, $1, caseSensitive: cs) == 0 }
            }) {
                equal.append((d, dk))
                reference.remove(at: i)
            } else {
                onlyDifference.append(d)
            }
        }
        if switchOn("IncludeEqual") || switchOn("ExcludeDifferent") {
            for (v, _) in equal { try emit(v, "==", specs) }
        }
        if !switchOn("ExcludeDifferent") {
            for v in onlyDifference { try emit(v, "=>", specs) }
            for v in reference { try emit(v, "<=", specs) }
        }
    }

    private func emit(_ v: Value, _ side: String, _ specs: [PropertySpec]) throws {
        if switchOn("PassThru") {
            try writeObject(v)
            return
        }
        let o = PSCustomObject()
        if specs.isEmpty {
            o.add("InputObject", v)
        } else {
            for s in specs { o.add(s.label, try s.value(v, scope) ?? .null) }
        }
        o.add("SideIndicator", .string(side))
        try writeObject(.object(o))
    }
}
