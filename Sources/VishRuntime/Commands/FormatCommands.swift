/// Format-Table and Format-List: collect the objects and say how to lay them out.
final class FormatCommand: NativeCommand {
    static let all: [CmdletInfo] = [
        CmdletInfo("Format-Table", common + [
            ParameterInfo(name: "AutoSize", isSwitch: true),
            ParameterInfo(name: "HideTableHeaders", isSwitch: true),
            ParameterInfo(name: "Wrap", isSwitch: true),
            ParameterInfo(name: "RepeatHeader", isSwitch: true),
        ], make: { FormatCommand($0, $1, .table) }),
        CmdletInfo("Format-List", common, make: { FormatCommand($0, $1, .list) }),
    ]

    static let common: [ParameterInfo] = [
        ParameterInfo(name: "InputObject", fromPipeline: true),
        ParameterInfo(name: "Property", type: .objectArray, position: 0),
        ParameterInfo(name: "GroupBy"),
        ParameterInfo(name: "View", type: .string),
        ParameterInfo(name: "ShowError", isSwitch: true),
        ParameterInfo(name: "DisplayError", isSwitch: true),
        ParameterInfo(name: "Force", isSwitch: true),
        ParameterInfo(name: "Expand", type: .string),
    ]

    let shape: FormatDirective.Shape
    private var items: [Value] = []

    init(_ info: CmdletInfo, _ call: CommandCall, _ shape: FormatDirective.Shape) {
        self.shape = shape
        super.init(info, call)
    }

    override func processRecord(_ input: Value?) throws {
        if let v = param("InputObject") { items.append(v) }
    }

    override func endProcessing() throws {
        let specs = try PropertySpec.parse(param("Property"), command: info.name, call.position)
        let d = FormatDirective(shape, items: items, specs: specs, scope: scope)
        d.autoSize = switchOn("AutoSize")
        d.hideHeaders = switchOn("HideTableHeaders")
        d.wrap = switchOn("Wrap")
        d.force = switchOn("Force")
        if let g = param("GroupBy") {
            d.groupBy = try PropertySpec.parse(g, command: info.name, call.position).first
        }
        try writeObject(.object(d))
    }
}
