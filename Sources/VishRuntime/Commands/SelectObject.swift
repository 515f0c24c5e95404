/// Select-Object: properties (new objects), -ExpandProperty, and -First/-Last/-Skip/
/// -SkipLast/-Index/-Unique over the input.
final class SelectObject: NativeCommand {
    static let info = CmdletInfo("Select-Object", [
        ParameterInfo(name: "InputObject", fromPipeline: true),
        ParameterInfo(name: "Property", type: .objectArray, position: 0),
        ParameterInfo(name: "ExcludeProperty", type: .stringArray),
        ParameterInfo(name: "ExpandProperty", type: .string),
        ParameterInfo(name: "Unique", isSwitch: true),
        ParameterInfo(name: "CaseInsensitive", isSwitch: true),
        ParameterInfo(name: "Last", type: .int),
        ParameterInfo(name: "First", type: .int),
        ParameterInfo(name: "Skip", type: .int),
        ParameterInfo(name: "SkipLast", type: .int),
        ParameterInfo(name: "Wait", isSwitch: true),
        ParameterInfo(name: "Index", type: .array(of: .int)),
        ParameterInfo(name: "SkipIndex", type: .array(of: .int)),
    ], make: { SelectObject($0, $1) })

    private var specs: [PropertySpec] = []
    private var first: Int?
    private var last: Int?
    private var skip = 0
    private var skipLast = 0
    private var indexes: Set<Int>?
    private var skipIndexes: Set<Int>?
    private var seen = 0
    private var emitted = 0
    private var held: [Value] = []
    private var unique: [Value] = []

    override func beginProcessing() throws {
        specs = try PropertySpec.parse(param("Property"), command: info.name, call.position)
        // -ExcludeProperty alone selects every other property (as `-Property *` would).
        if specs.isEmpty && isBound("ExcludeProperty") && string("ExpandProperty") == nil {
            specs = try PropertySpec.parse(.string("*"), command: info.name, call.position)
        }
        first = try int("First")
        last = try int("Last")
        skip = try int("Skip") ?? 0
        skipLast = try int("SkipLast") ?? 0
        func indexSet(_ name: String) -> Set<Int>? {
            param(name).map { v in Set(v.asObject?.enumerate().compactMap { try? Int(Convert.toInt32($0, call.position)) } ?? []) }
        }
        indexes = indexSet("Index")
        skipIndexes = indexSet("SkipIndex")
        if case .object(let o)? = param("Property"), o.isEnumerable,
           o.enumerate().contains(where: { v in
               if case .object(let sb as ScriptBlockObject) = v { return sb.toString(ConversionContext()).trimmingBlanks().isEmpty }
               return false
           }) {
            try throwTerminating(error("A property is an empty script block and does not provide a name.",
                                       id: "EmptyScriptBlockAndNoName", category: .invalidArgument,
                                       exception: "System.Management.Automation.PSArgumentException"))
        }
    }

    override func processRecord(_ input: Value?) throws {
        guard let item = param("InputObject"), !item.isNull else { return }
        defer { seen += 1 }
        if let indexes {
            if indexes.contains(seen) { try pass(item) }
            return
        }
        if let skipIndexes {
            if !skipIndexes.contains(seen) { try pass(item) }
            return
        }
        if last != nil || skipLast > 0 {
            held.append(item)
            return
        }
        if seen < skip { return }
        // -Wait: the commands before it run to the end; the extra objects are dropped.
        if let first, emitted >= first {
            if switchOn("Wait") { return }
            throw PipelineStop(processor: self)
        }
        try pass(item)
        emitted += 1
        if let first, emitted >= first, !switchOn("Unique"), !switchOn("Wait") {
            try finishUnique()
            throw PipelineStop(processor: self)
        }
    }

    override func endProcessing() throws {
        if last != nil || skipLast > 0 {
            var items = Array(held.dropFirst(skip))
            if skipLast > 0 { items = Array(items.dropLast(skipLast)) }
            // -First and -Last together: the first N, then the last M of the rest (the first
            // N stream out as they come; only later objects queue for -Last).
            if let first, let last {
                items = Array(items.prefix(first)) + Array(items.dropFirst(first).suffix(last))
            } else if let last {
                items = Array(items.suffix(last))
            }
            for i in items { try pass(i) }
        }
        try finishUnique()
    }

    private var finished = false
    private func finishUnique() throws {
        guard !finished else { return }
        finished = true
        for u in unique { try emit(u) }
    }

    /// Projects one selected object and writes it (or holds it for -Unique).
    private func pass(_ item: Value) throws {
        if var name = string("ExpandProperty") {
            let w = Wildcard(name, caseSensitive: false)
            if w.hasWildcards {
                // A wildcard must match exactly one property (Select-Object.cs ProcessExpandParameter).
                let matches = PropertyList.properties(of: item.normalized).map(\.name).filter { w.matches($0) }
                if matches.count > 1 {
                    try writeError(error("Multiple properties cannot be expanded.", id: "MutlipleExpandProperties",
                                         category: .invalidArgument, target: item,
                                         exception: "System.Management.Automation.PSArgumentException"))
                    return
                }
                if let only = matches.first { name = only }
            }
            guard let v = Members.propertyIfPresent(item.normalized, name) else {
                try writeError(error("Property \"\(name)\" cannot be found.", id: "ExpandPropertyNotFound",
                                     category: .invalidArgument, target: item,
                                     exception: "System.Management.Automation.PSArgumentException"))
                return
            }
            if case .object(let o) = v.normalized, o.isEnumerable {
                for e in o.enumerate() { try emit(e) }
            } else {
                try emit(v)
            }
            return
        }
        if specs.isEmpty {
            // The object itself, marked as selected (Select-Object.cs SetPSCustomObject).
            if case .object(let c as PSCustomObject) = item.normalized, let first = c.typeNames.first, !first.hasPrefix("Selected.") {
                c.extraTypeNames = ["Selected." + first] + c.extraTypeNames
            }
            try emit(item)
            return
        }
        let result = PSCustomObject()
        let source = item.normalized
        let original = source.asObject?.typeNames.first ?? Convert.typeName(source)
        result.extraTypeNames = [original.hasPrefix("Selected.") ? original : "Selected." + original]
        let excluded = (strings("ExcludeProperty") ?? []).map { Wildcard($0, caseSensitive: false) }
        for spec in PropertySpec.expand(specs, for: source) where !excluded.contains(where: { $0.matches(spec.label) }) {
            result.add(spec.label, try spec.value(source, scope) ?? .null)
        }
        try emit(.object(result))
    }

    private func emit(_ v: Value) throws {
        if switchOn("Unique") && !finished {
            let cs = !switchOn("CaseInsensitive")
            if !(try unique.contains { try Self.same($0, v, caseSensitive: cs) }) { unique.append(v) }
            return
        }
        try writeObject(v)
    }

    static func same(_ a: Value, _ b: Value, caseSensitive: Bool) throws -> Bool {
        if case .object(let x as PSCustomObject) = a.normalized, case .object(let y as PSCustomObject) = b.normalized {
            guard x.names.count == y.names.count else { return false }
            for (i, n) in x.names.enumerated() {
                guard n.lowercased() == y.names[i].lowercased(),
                      try Comparison.equals(x.values[i], y.values[i], caseSensitive: caseSensitive) else { return false }
            }
            return true
        }
        return try Comparison.equals(a, b, caseSensitive: caseSensitive)
    }
}
