/// `$PSCmdlet` in an advanced function: the parameter set, the invocation, and the
/// cmdlet methods scripts call (WriteError, ThrowTerminatingError, ShouldProcess…).
final class PSCmdletObject: PSObjectBase {
    let processor: ScriptCommandProcessor
    let parameterSetName: String

    init(_ processor: ScriptCommandProcessor, parameterSetName: String) {
        self.processor = processor
        self.parameterSetName = parameterSetName
    }

    override var typeName: String { "System.Management.Automation.PSScriptCmdlet" }
    override var propertyNames: [String] { ["ParameterSetName", "MyInvocation"] }
    override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "parametersetname": return .string(parameterSetName)
        case "myinvocation": return .object(InvocationInfoValue(processor.commandName, processor.call))
        default: return nil
        }
    }

    override func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? {
        let scope = processor.scope!
        switch name.lowercased() {
        case "writeerror":
            guard case .object(let r as ErrorRecord)? = args.first else { return nil }
            if r.commandName == nil { r.commandName = processor.commandName }
            if !r.fullyQualifiedErrorId.contains(",") { r.fullyQualifiedErrorId += "," + processor.commandName }
            if r.position.range == nil { r.position = processor.call.position }
            processor.wroteCmdletError = true
            try context.writeNonTerminating(r, scope, action: processor.binder?.common.errorAction)
            return AutomationNull.value
        case "throwterminatingerror":
            guard case .object(let r as ErrorRecord)? = args.first else { return nil }
            if r.commandName == nil { r.commandName = processor.commandName }
            if !r.fullyQualifiedErrorId.contains(",") { r.fullyQualifiedErrorId += "," + processor.commandName }
            if r.position.range == nil { r.position = processor.call.position }
            r.endsCommand = true
            throw r
        case "shouldprocess":
            let target = args.first.map { Convert.toString($0, ConversionContext()) } ?? ""
            let action = args.count > 1 ? Convert.toString(args[1], ConversionContext()) : processor.commandName
            let whatIf = Convert.toBool(scope.lookup("whatifpreference")?.value ?? .false)
            if whatIf {
                context.host.write("What if: Performing the operation \"\(action)\" on target \"\(target)\".\n")
                return .false
            }
            return .true
        case "shouldcontinue":
            return .true
        case "writeverbose", "writewarning", "writedebug":
            let text = args.first.map { Convert.toString($0, ConversionContext()) } ?? ""
            let kind = name.lowercased().dropFirst(5).uppercased()
            try context.writeStreamLine(String(kind), text, preference: kind.lowercased() + "preference", override: nil, scope)
            return AutomationNull.value
        case "writeobject":
            if let v = args.first {
                if args.count > 1 && Convert.toBool(args[1]) { try emitEnumerated(v, processor.output) } else { try processor.output.emit(v) }
            }
            return AutomationNull.value
        default:
            return nil
        }
    }
}

/// `$MyInvocation` / `$PSCmdlet.MyInvocation`: how the running command was called.
final class InvocationInfoValue: PSObjectBase {
    let name: String
    let call: CommandCall
    init(_ name: String, _ call: CommandCall) {
        self.name = name
        self.call = call
    }
    override var typeName: String { "System.Management.Automation.InvocationInfo" }
    override var propertyNames: [String] { ["MyCommand", "InvocationName", "ScriptLineNumber", "Line", "BoundParameters"] }
    override func getProperty(_ n: String) -> Value? {
        let source = call.position.source
        let start = call.position.range.flatMap { r in source.map { $0.location(of: r.start) } }
        switch n.lowercased() {
        case "mycommand": return .object(CommandNameValue(name))
        case "invocationname": return .string(call.name.isEmpty ? name : call.name)
        case "scriptlinenumber": return .int(Int32(start?.line ?? 0))
        case "offsetinline": return .int(Int32(start?.column ?? 0))
        case "line": return .string(start.map { source!.lineText($0.line) } ?? "")
        case "statement": return .string(call.position.range.flatMap { r in source.map { $0.text(of: r) } } ?? "")
        case "scriptname", "pscommandpath": return .string(source.map { $0.name.hasPrefix("<") ? "" : $0.name } ?? "")
        case "unboundarguments": return .object(PSArray([]))
        default: return nil
        }
    }
    override func toString(_ context: ConversionContext) -> String { typeName }
}

/// `$MyInvocation.MyCommand`: a command known by name.
final class CommandNameValue: PSObjectBase {
    let name: String
    init(_ name: String) { self.name = name }
    override var typeName: String { "System.Management.Automation.FunctionInfo" }
    override var propertyNames: [String] { ["Name", "CommandType"] }
    override func getProperty(_ n: String) -> Value? {
        switch n.lowercased() {
        case "name": return .string(name)
        case "commandtype": return .string(name.hasSuffix(".ps1") ? "ExternalScript" : "Function")
        default: return nil
        }
    }
    override func toString(_ context: ConversionContext) -> String { name }
}
