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
    private var specs: [PropertySpec] = []

    override func beginProcessing() throws {
        specs = try PropertySpec.parse(param("Property"), command: info.name, call.position)
    }

    override func processRecord(_ input: Value?) throws {
        guard let item = param("InputObject") else { return }
        let values: [Value] = specs.isEmpty ? [item] : try specs.map { try $0.value(item, scope) ?? .null }
        let cs = switchOn("CaseSensitive")
        if let i = groups.firstIndex(where: { g in
            zip(g.values, values).allSatisfy { Self.same($0, $1, cs) }
        }) {
            groups[i].items.append(item)
        } else {
            groups.append((values, [item]))
        }
    }

    private static func same(_ a: Value, _ b: Value, _ cs: Bool) -> Bool {
        if a.isNull || b.isNull { return a.isNull && b.isNull }
        return Comparison.compareStrings(Convert.toString(a, ConversionContext()), Convert.toString(b, ConversionContext()),
                                         caseSensitive: cs) == 0
    }

    override func endProcessing() throws {
        if switchOn("AsHashTable") {
            let h = PSHashtable()
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

    static func name(_ values: [Value]) -> String {
        values.map { Convert.toString($0, ConversionContext()) }.joined(separator: ", ")
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
        case "group": return noElement ? nil : .object(PSArray(items))
        case "values": return .object(PSArray(values))
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { typeName }

    static func registerViews() {
        FormatViews.register("Microsoft.PowerShell.Commands.GroupInfo", .table(TableView([
            .property("Count", width: 5, alignment: .right), .property("Name", width: 25), .property("Group"),
        ])))
        FormatViews.register("Microsoft.PowerShell.Commands.GroupInfoNoElement", .table(TableView([
            .property("Count", width: 5, alignment: .right), .property("Name", width: 25),
        ])))
    }
}
