import Foundation
import VishSyntax

/// Invoke-Expression, Invoke-Command, New-Object and Set-StrictMode.
enum InvokeCommands {
    static let all: [CmdletInfo] = [
        CmdletInfo("Invoke-Expression", [
            ParameterInfo(name: "Command", type: .string, position: 0, mandatory: true, fromPipeline: true),
        ], make: { InvokeExpression($0, $1) }),
        CmdletInfo("Invoke-Command", [
            ParameterInfo(name: "ScriptBlock", type: .scriptblock, aliases: ["Command"], position: 0, mandatory: true),
            ParameterInfo(name: "ArgumentList", type: .objectArray, aliases: ["Args"]),
            ParameterInfo(name: "InputObject", fromPipeline: true),
            ParameterInfo(name: "NoNewScope", aliases: ["nns"], isSwitch: true),
        ], make: { InvokeCommand($0, $1) }),
        CmdletInfo("New-Object", [
            ParameterInfo(name: "TypeName", type: .string, position: 0, mandatory: true, set: "Net"),
            ParameterInfo(name: "ArgumentList", type: .objectArray, aliases: ["Args"], position: 1, set: "Net"),
            ParameterInfo(name: "Property"),
            ParameterInfo(name: "ComObject", type: .string, mandatory: true, set: "Com"),
            ParameterInfo(name: "Strict", isSwitch: true),
        ], defaultSet: "Net", make: { NewObject($0, $1) }),
        CmdletInfo("Set-StrictMode", [
            ParameterInfo(name: "Version", type: .string, aliases: ["v"], mandatory: true, set: "Version"),
            ParameterInfo(name: "Off", mandatory: true, set: "Off", isSwitch: true),
        ], make: { SetStrictMode($0, $1) }),
    ]
}

final class InvokeExpression: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let text = string("Command") ?? ""
        let source = SourceFile(name: "<iex>", text: text)
        let result = Parser.parse(source)
        if let first = result.diagnostics.first {
            let r = ErrorRecord("System.Management.Automation.ParseException", first.message, id: first.id.rawValue,
                                category: .parserError, position: ErrorPosition(source: source, range: first.range))
            r.commandName = info.name
            throw r
        }
        let block = try Compiler.compile(result.script, source: source)
        // Invoke-Expression nests like a call: it counts against the call depth.
        context.callDepth += 1
        defer { context.callDepth -= 1 }
        if context.callDepth > ExecutionContext.maxCallDepth || !context.stack.hasRoom() {
            throw Errors.callDepthOverflow(call.position)
        }
        try ScriptBlockInvoker.runDotSourced(block, scope, dollarUnder: nil, output)
    }
}

final class InvokeCommand: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        guard case .object(let sb as ScriptBlockObject)? = param("ScriptBlock") else { return }
        let args = param("ArgumentList")?.asObject?.enumerate() ?? []
        if switchOn("NoNewScope") {
            try ScriptBlockInvoker.runDotSourced(sb.block, scope, dollarUnder: param("InputObject"), output)
            return
        }
        let r = try ScriptBlockInvoker.invoke(sb, scope, args: args, input: input.flatMap { _ in param("InputObject") },
                                              position: call.position)
        try writeEnumerated(r)
    }
}

final class NewObject: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let name = string("TypeName") ?? ""
        guard let type = PSType.lookup(name) else {
            try throwTerminating(error("Cannot find type [\(name)]: verify that the assembly containing this type is loaded.",
                                       id: "TypeNotFound", category: .invalidType,
                                       exception: "System.Management.Automation.PSArgumentException"))
        }
        let args = param("ArgumentList").map { v in v.asObject.map { $0.isEnumerable ? $0.enumerate() : [v] } ?? [v] } ?? []
        var object = type.kind == .psclass
            ? try StaticMembers.call(type, "new", args, scope, call.position)
            : try StaticMembers.construct(type, args, scope, call.position)
        if case .object(let h as PSHashtable)? = param("Property") {
            if case .object(let o as PSCustomObject) = object, type.kind == .psobject || type.kind == .pscustomobject {
                for (k, v) in zip(h.keys, h.values) { o.add(Convert.toString(k, ConversionContext()), v) }
                object = .object(o)
            } else {
                for (k, v) in zip(h.keys, h.values) {
                    try Members.setProperty(object, Convert.toString(k, ConversionContext()), v, call.position)
                }
            }
        }
        try writeObject(object)
    }
}

final class SetStrictMode: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        if switchOn("Off") {
            context.strictMode = 0
            return
        }
        let v = (string("Version") ?? "").lowercased()
        if v == "latest" {
            context.strictMode = 3
        } else if let d = Double(v), d.isFinite, d >= 0, d < 100 {
            context.strictMode = Int(d)
        } else {
            try throwTerminating(error("Cannot validate argument on parameter 'Version'. The \"\(v)\" argument does not contain a valid version.",
                                       id: "ParameterArgumentValidationError", category: .invalidData,
                                       exception: "System.Management.Automation.ParameterBindingValidationException"))
        }
    }
}

extension PSType {
    /// A type named by a string (`'System.Collections.ArrayList'`, `'int[]'`, `'PSObject'`).
    static func lookup(_ name: String) -> PSType? {
        var text = name.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.hasSuffix("[]") { return lookup(String(text.dropLast(2))).map { array(of: $0) } }
        if let t = named[text.lowercased()] { return t }
        if let e = Enums.find(text) { return PSType(.enumType, e.fullName) }
        if let c = Classes.find(text) { return PSType(.psclass, c.name) }
        if let open = text.firstIndex(of: "["), text.hasSuffix("]") {
            let base = text[..<open].lowercased()
            let arg = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            if base.hasSuffix("list"), let e = lookup(arg) {
                return PSType(.list, "System.Collections.Generic.List[\(e.fullName)]", element: e)
            }
        }
        return nil
    }
}
