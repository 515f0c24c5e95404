/// Compare-Object: which objects are only in the reference set (`<=`), only in the
/// difference set (`=>`), or in both (`==`, with -IncludeEqual).
final class CompareObject: NativeCommand {
    static let info = CmdletInfo("Compare-Object", [
        CompareObject.allowingEmpty(ParameterInfo(name: "ReferenceObject", type: .objectArray, position: 0, mandatory: true)),
        CompareObject.allowingEmpty(ParameterInfo(name: "DifferenceObject", type: .objectArray, position: 1, mandatory: true,
                                                  fromPipeline: true)),
        ParameterInfo(name: "SyncWindow", type: .int),
        ParameterInfo(name: "Property", type: .objectArray),
        ParameterInfo(name: "ExcludeDifferent", isSwitch: true),
        ParameterInfo(name: "IncludeEqual", isSwitch: true),
        ParameterInfo(name: "PassThru", isSwitch: true),
        ParameterInfo(name: "Culture", type: .string),
        ParameterInfo(name: "CaseSensitive", isSwitch: true),
    ], make: { CompareObject($0, $1) })

    private static func allowingEmpty(_ p: ParameterInfo) -> ParameterInfo {
        p.allowEmptyCollection = true
        return p
    }

    /// Compare-Object.cs's algorithm: difference objects are taken in order against the
    /// reference objects in order; one that does not match the next reference object waits
    /// in a backlog of at most -SyncWindow entries, where a later object can still match it.
    private struct Entry {
        let value: Value
        let keys: [Value]
    }
    private var specs: [PropertySpec] = []
    private var references: [Entry]?
    private var referenceIndex = 0
    private var referenceBacklog: [Entry] = []
    private var differenceBacklog: [Entry] = []
    private var includeEqual = false

    override func beginProcessing() throws {
        specs = try PropertySpec.parse(param("Property"), command: info.name, call.position)
        includeEqual = switchOn("IncludeEqual")
        // -ExcludeDifferent implies -IncludeEqual unless that is given as false.
        if switchOn("ExcludeDifferent") && !(isBound("IncludeEqual") && !includeEqual) { includeEqual = true }
    }

    private func entries(_ v: Value?) throws -> [Entry] {
        guard let v else { return [] }
        let items: [Value]
        if case .object(let o) = v.normalized, o.isEnumerable { items = o.enumerate() } else { items = [v] }
        return try items.map { item in
            Entry(value: item, keys: specs.isEmpty ? [item] : try specs.map { try $0.value(item, scope) ?? .null })
        }
    }

    private var syncWindow: Int {
        guard let v = param("SyncWindow") else { return Int.max }
        return Int((try? Convert.toInt32(v, call.position)) ?? Int32.max)
    }

    private func same(_ a: Entry, _ b: Entry) -> Bool {
        let cs = switchOn("CaseSensitive")
        return zip(a.keys, b.keys).allSatisfy { SortObject.compare($0, $1, caseSensitive: cs) == 0 }
    }

    override func processRecord(_ input: Value?) throws {
        let reference = try entries(param("ReferenceObject"))
        let difference = try entries(param("DifferenceObject"))
        if reference.isEmpty {
            for d in difference { try emit(d, "=>") }
            return
        }
        if references == nil { references = reference }
        if difference.isEmpty {
            try step(nil)
            return
        }
        for d in difference { try step(d) }
    }

    override func endProcessing() throws {
        if let references {
            while referenceIndex < references.count { try step(nil) }
        }
        for d in differenceBacklog { try emit(d, "=>") }
        differenceBacklog = []
        for r in referenceBacklog { try emit(r, "<=") }
        referenceBacklog = []
    }

    private func step(_ incoming: Entry?) throws {
        var difference = incoming
        var reference: Entry? = nil
        if let refs = references, referenceIndex < refs.count {
            reference = refs[referenceIndex]
            referenceIndex += 1
        }
        if let r = reference, let d = difference, same(r, d) {
            if includeEqual { try emit(r, "==") }
            return
        }
        if let d = difference, let i = referenceBacklog.firstIndex(where: { same(d, $0) }) {
            if includeEqual { try emit(referenceBacklog[i], "==") }
            referenceBacklog.remove(at: i)
            difference = nil
        }
        if let r = reference, let i = differenceBacklog.firstIndex(where: { same(r, $0) }) {
            differenceBacklog.remove(at: i)
            if includeEqual { try emit(r, "==") }
            reference = nil
        }
        let window = syncWindow
        if let d = difference {
            if window > 0 {
                while differenceBacklog.count >= window { try emit(differenceBacklog.removeFirst(), "=>") }
                differenceBacklog.append(d)
            } else {
                try emit(d, "=>")
            }
        }
        if let r = reference {
            if window > 0 {
                while referenceBacklog.count >= window { try emit(referenceBacklog.removeFirst(), "<=") }
                referenceBacklog.append(r)
            } else {
                try emit(r, "<=")
            }
        }
    }

    private func emit(_ e: Entry, _ side: String) throws {
        if side != "==" && switchOn("ExcludeDifferent") { return }
        if switchOn("PassThru") {
            // The object itself, with a SideIndicator note (objects only: Vish does not wrap scalars).
            if case .object(let o) = e.value.normalized, !(o is PSScalarBox) {
                if let c = o as? PSCustomObject {
                    c.add("SideIndicator", .string(side))
                } else {
                    if o.addedNotes == nil { o.addedNotes = PSCustomObject() }
                    o.addedNotes!.add("SideIndicator", .string(side))
                }
            }
            try writeObject(e.value)
            return
        }
        let o = PSCustomObject()
        if specs.isEmpty {
            o.add("InputObject", e.value)
        } else {
            for (i, s) in specs.enumerated() { o.add(s.label, e.keys[i]) }
        }
        o.add("SideIndicator", .string(side))
        try writeObject(.object(o))
    }
}
