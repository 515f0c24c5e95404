import VishSyntax

/// Write-Output, Write-Host and Out-Null.
enum OutputCommands {
    static let all: [CmdletInfo] = [
        CmdletInfo("Write-Output", [
            ParameterInfo(name: "InputObject", type: .objectArray, position: 0, mandatory: true, fromPipeline: true,
                          fromRemaining: true),
            ParameterInfo(name: "NoEnumerate", isSwitch: true),
        ], make: { WriteOutput($0, $1) }),
        CmdletInfo("Write-Host", [
            ParameterInfo(name: "Object", position: 0, fromPipeline: true, fromRemaining: true),
            ParameterInfo(name: "NoNewline", isSwitch: true),
            ParameterInfo(name: "Separator"),
            ParameterInfo(name: "ForegroundColor"),
            ParameterInfo(name: "BackgroundColor"),
        ], make: { WriteHost($0, $1) }),
        CmdletInfo("Out-Null", [
            ParameterInfo(name: "InputObject", fromPipeline: true),
        ], make: { NativeCommand($0, $1) }),
    ]
}

final class WriteOutput: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        guard let v = param("InputObject") else { return }
        if switchOn("NoEnumerate") { try writeObject(v) } else { try writeEnumerated(v) }
    }
}

final class WriteHost: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let separator = string("Separator") ?? " "
        var text = ""
        if let v = param("Object") {
            let conv = context.conversion(scope)
            if case .object(let o) = v, o.isEnumerable {
                text = o.enumerate().map { Convert.toString($0, conv) }.joined(separator: separator)
            } else {
                text = Convert.toString(v, conv)
            }
        }
        context.flushFormatter()
        context.host.write(switchOn("NoNewline") ? text : text + "\n")
    }
}
