/// Group-Object: groups in order of first appearance, as GroupInfo objects or a hashtable.
final class GroupObjectCommand: NativeCommand {
    static let info = CmdletInfo("Group-Object", [
        ParameterInfo(name: "InputObject", fromPipeline: true),
        ParameterInfo(name: "Property", type: .objectArray, position: 0),
        ParameterInfo(name: "NoElement", isSwitch: true),
        ParameterInfo(name: "AsHashTable", isSwitch: true),
        ParameterInfo(name: "AsString", isSwitch: true),
        ParameterInfo(name: "CaseSensitive", isSwitch: true),
        ParameterInfo(name: "Culture", type: .string),
    ], make: { GroupObjectCommand($0, $1) })

    private var groups: [(values: [Value], items: [Value])] = []
    private var entries: [(values: [Value], item: Value)] = []
    private var specs: [PropertySpec] = []

    override func beginProcessing() throws {
        specs = try PropertySpec.parse(param("Property"), command: info.name, call.position)
        func refuse(_ message: String) throws -> Never {
            try throwTerminating(error(message, id: "ArgumentException", category: .invalidArgument,
                                       exception: "System.ArgumentException"))
        }
        if switchOn("AsString") && !switchOn("AsHashTable") {
            try refuse("The command cannot be run because the AsString parameter requires that you specify the AsHashtable parameter.")
        }
        if switchOn("AsHashTable") && !switchOn("AsString") && specs.count > 1 {
            try refuse("The command cannot be run because using the AsHashTable parameter with more than one property requires adding the AsString parameter.")
        }
    }

    override func processRecord(_ input: Value?) throws {
        guard let item = param("InputObject") else { return }
        let values: [Value] = specs.isEmpty ? [item] : try specs.map { try $0.value(item, scope) ?? .null }
        entries.append((values, item))
    }

    private static func same(_ a: Value, _ b: Value, _ cs: Bool) -> Bool {
        if a.isNull || b.isNull { return a.isNull && b.isNull }
        return SortObject.compare(a, b, caseSensitive: cs) == 0
    }

    /// pwsh sorts the groups by key (a stable sort) when all keys are of one type, and
    /// keeps the order of first appearance otherwise.
    private func makeGroups() throws {
        let cs = switchOn("CaseSensitive")
        let types = Set(entries.map { $0.values.map { Convert.typeName($0) }.joined(separator: ",") })
        if types.count <= 1 {
            let order = try SortHelper.sorted(entries.indices.map { Value.int(Int32($0)) }) { a, b in
                let x = entries[Int(a.intValue)].values, y = entries[Int(b.intValue)].values
                for i in x.indices {
                    let c = SortObject.compare(x[i], y[i], caseSensitive: cs)
                    if c != 0 { return c < 0 }
                }
                return false
            }
            for i in order {
                let e = entries[Int(i.intValue)]
                if let last = groups.last, zip(last.values, e.values).allSatisfy({ Self.same($0, $1, cs) }) {
                    groups[groups.count - 1].items.append(e.item)
                } else {
                    groups.append((e.values, [e.item]))
                }
            }
            return
        }
        for e in entries {
            if let i = groups.firstIndex(where: { g in zip(g.values, e.values).allSatisfy { Self.same($0, $1, cs) } }) {
                groups[i].items.append(e.item)
            } else {
                groups.append((e.values, [e.item]))
            }
        }
    }

    override func endProcessing() throws {
        try makeGroups()
        if switchOn("AsHashTable") {
            let h = PSHashtable(caseSensitive: switchOn("CaseSensitive"))
            for g in groups {
                var key: Value = g.values.count == 1 ? g.values[0] : .object(PSArray(g.values))
                if switchOn("AsString") { key = .string(GroupInfo.name(g.values)) }
                h[key] = .object(PSArray(g.items))
            }
            try writeObject(.object(h))
            return
        }
        for g in groups {
            try writeObject(.object(GroupInfo(values: g.values, items: g.items, noElement: switchOn("NoElement"))))
        }
    }
}

/// One group: Count, Name, Group, Values.
public final class GroupInfo: PSObjectBase {
    let values: [Value]
    let items: [Value]
    let noElement: Bool

    init(values: [Value], items: [Value], noElement: Bool) {
        self.values = values
        self.items = items
        self.noElement = noElement
    }

    /// A collection value shows as `{a, b}` (Group-Object.cs BuildName).
    static func name(_ values: [Value]) -> String {
        values.map { v in
            if case .object(let o) = v.normalized, o.isEnumerable {
                return "{" + o.enumerate().map { Convert.toString($0, ConversionContext()) }.joined(separator: ", ") + "}"
            }
            return Convert.toString(v, ConversionContext())
        }.joined(separator: ", ")
    }

    public override var typeName: String {
        noElement ? "Microsoft.PowerShell.Commands.GroupInfoNoElement" : "Microsoft.PowerShell.Commands.GroupInfo"
    }
    public override var typeNames: [String] {
        noElement ? [typeName, "Microsoft.PowerShell.Commands.GroupInfo", "System.Object"] : [typeName, "System.Object"]
    }
    public override var propertyNames: [String] { noElement ? ["Values", "Count", "Name"] : ["Values", "Count", "Group", "Name"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "count": return .int(Int32(items.count))
        case "name": return .string(Self.name(values))
        case "group": return noElement ? nil : .object(PSList(items, type: Self.groupType))
        case "values": return .object(PSArray(values))
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { typeName }

    /// The type of Group: Collection<PSObject>.
    static let groupType = PSType(.list, "System.Collections.ObjectModel.Collection[System.Management.Automation.PSObject]",
                                  element: .object)

    static func registerViews() {
        FormatViews.register("Microsoft.PowerShell.Commands.GroupInfo", .table(TableView([
            .property("Count", width: 5, alignment: .right), .property("Name", width: 25), .property("Group"),
        ])))
        FormatViews.register("Microsoft.PowerShell.Commands.GroupInfoNoElement", .table(TableView([
            .property("Count", width: 5, alignment: .right), .property("Name", width: 25),
        ])))
    }
}
