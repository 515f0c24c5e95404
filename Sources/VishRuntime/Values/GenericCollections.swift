/// `System.Collections.Generic.Stack[T]`, `Queue[T]` and `HashSet[T]`: what scripts use
/// them for (a work list, a set of names seen), with .NET's element conversion, order and
/// errors. A set compares as its element type's default comparer does: strings exactly
/// (ordinal, case-sensitive), numbers by value.
public final class PSGenericCollection: PSObjectBase {
    let type: PSType
    /// A stack from bottom to top, a queue from front to back, a set in insertion order.
    private var items: [Value] = []
    /// A set's members (keys; values unused), for lookups that do not scan.
    private var members: PSHashtable?

    init(_ type: PSType) {
        self.type = type
        if type.kind == .hashSet { members = PSHashtable(caseSensitive: true) }
    }

    public override var typeName: String { type.fullName }
    public override var isEnumerable: Bool { true }
    /// A stack enumerates from the top, as it pops.
    public override func enumerate() -> [Value] {
        switch type.kind {
        case .stack: return items.reversed()
        case .hashSet: return members?.keys ?? []
        default: return items
        }
    }
    public override func toString(_ context: ConversionContext) -> String { type.fullName }

    var count: Int { type.kind == .hashSet ? members?.count ?? 0 : items.count }

    public override func getProperty(_ name: String) -> Value? {
        name.lowercased() == "count" ? .int(Int32(count)) : nil
    }

    /// Adds `values` as the constructor taking an IEnumerable does (converted to T).
    func add(contentsOf values: [Value], _ position: ErrorPosition) throws {
        for v in values { _ = try add(v, position) }
    }

    /// Push, Enqueue or Add; for a set, whether the value was new. `method` names the call
    /// in a conversion error (pwsh's MethodArgumentConversionInvalidCastArgument).
    private func add(_ value: Value, _ position: ErrorPosition, method: String? = nil) throws -> Bool {
        let v: Value
        do {
            v = try type.element.map { try Convert.to($0, value, position) } ?? value
        } catch let e as ErrorRecord where method != nil {
            let shown = Convert.toString(value, ConversionContext())
            let r = ErrorRecord("System.Management.Automation.MethodException",
                                "Cannot convert argument \"item\", with value: \"\(shown)\", for \"\(method!)\" to type \"\(type.element?.fullName ?? "System.Object")\": \"\(e.message)\"",
                                id: "MethodArgumentConversionInvalidCastArgument", category: .notSpecified, position: position)
            r.atSequencePoint = true
            throw r
        }
        if let members {
            if members.contains(v) { return false }
            members[v] = .null
            return true
        }
        items.append(v)
        return true
    }

    private func contains(_ value: Value) throws -> Bool {
        if let members {
            let v = (try? type.element.map { try Convert.to($0, value, .none) } ?? value) ?? value
            return members.contains(v)
        }
        return try items.contains { try Comparison.equals($0, value, caseSensitive: true) }
    }

    private func elements(_ v: Value) -> [Value] {
        if case .object(let o) = v, o.isEnumerable { return o.enumerate() }
        return v.isNull ? [] : [v]
    }

    /// A method of the collection; nil when it has none of that (lowercased) name.
    func call(_ name: String, _ args: ArgList, _ position: ErrorPosition) throws -> Value? {
        let kind = type.kind
        switch (kind, name) {
        case (.stack, "push"), (.queue, "enqueue"):
            _ = try add(args.first ?? .null, position, method: kind == .stack ? "Push" : "Enqueue")
            return AutomationNull.value
        case (.hashSet, "add"):
            return .bool(try add(args.first ?? .null, position, method: "Add"))
        case (.stack, "pop"), (.stack, "peek"):
            guard let top = items.last else { throw MethodError(message: "Stack empty.", id: "InvalidOperationException") }
            if name == "pop" { items.removeLast() }
            return top
        case (.queue, "dequeue"), (.queue, "peek"):
            guard let front = items.first else { throw MethodError(message: "Queue empty.", id: "InvalidOperationException") }
            if name == "dequeue" { items.removeFirst() }
            return front
        case (_, "contains"):
            return .bool(try contains(args.first ?? .null))
        case (_, "clear"):
            items.removeAll()
            members?.removeAll()
            return AutomationNull.value
        case (_, "toarray") where kind != .hashSet:
            return .object(PSArray(enumerate(), elementType: type.element))
        case (.hashSet, "remove"):
            guard let members else { return .false }
            let v = (try? type.element.map { try Convert.to($0, args.first ?? .null, .none) } ?? args.first ?? .null) ?? .null
            guard members.contains(v) else { return .false }
            members[v] = nil
            return .true
        case (.hashSet, "unionwith"):
            try add(contentsOf: elements(args.first ?? .null), position)
            return AutomationNull.value
        case (.hashSet, "intersectwith"), (.hashSet, "exceptwith"):
            let other = PSGenericCollection(type)
            try other.add(contentsOf: elements(args.first ?? .null), position)
            let keep = name == "intersectwith"
            for v in enumerate() where try other.contains(v) != keep { members?[v] = nil }
            return AutomationNull.value
        case (.hashSet, "issubsetof"), (.hashSet, "issupersetof"), (.hashSet, "setequals"), (.hashSet, "overlaps"):
            let other = PSGenericCollection(type)
            try other.add(contentsOf: elements(args.first ?? .null), position)
            let mine = enumerate(), theirs = other.enumerate()
            switch name {
            case "issubsetof": return .bool(try mine.allSatisfy { try other.contains($0) })
            case "issupersetof": return .bool(try theirs.allSatisfy { try contains($0) })
            case "setequals":
                if mine.count != theirs.count { return .false }
                return .bool(try mine.allSatisfy { try other.contains($0) })
            default: return .bool(try theirs.contains { try contains($0) })
            }
        case (_, "tostring"):
            return .string(typeName)
        default:
            return nil
        }
    }
}
