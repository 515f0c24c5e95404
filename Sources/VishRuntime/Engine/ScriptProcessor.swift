import Foundation
import VishSyntax

/// Runs a compiled script block as a command: a function, `& { }`, `. { }` or a script
/// file. Parameters are bound when it starts; each pipeline input runs the process block
/// with `$_` set; the end block sees the rest of the input as `$input`.
final class ScriptCommandProcessor: CommandProcessor {
    let block: CompiledBlock
    var call: CommandCall
    let newScope: Bool
    let parentScope: Scope?
    var scope: Scope!
    var binder: Binder?
    var collectedInput: [Value] = []
    var sourceFile: SourceFile?

    init(block: CompiledBlock, call: CommandCall, newScope: Bool, commandName: String, parentScope: Scope? = nil,
         sourceFile: SourceFile? = nil) {
        self.block = block
        self.call = call
        self.newScope = newScope
        self.parentScope = parentScope
        self.sourceFile = sourceFile
        super.init(commandName: commandName)
    }

    override func begin() throws {
        let context = call.scope.context!
        try context.tick()
        context.callDepth += 1
        if context.callDepth > ExecutionContext.maxCallDepth || !context.stack.hasRoom() {
            context.callDepth -= 1
            throw Errors.callDepthOverflow(call.position)
        }
        if newScope {
            scope = Scope(parent: parentScope ?? call.scope, symbols: block.symbols, context: context,
                          isScriptScope: sourceFile != nil)
        } else {
            scope = call.scope
        }
        if let f = sourceFile { context.scriptStack.append(f) }
        let binder = Binder(parameters: block.parameters, isAdvanced: block.isAdvanced, commandName: commandName,
                            position: call.position, supportsShouldProcess: block.supportsShouldProcess,
                            defaultSet: block.defaultParameterSet)
        binder.validationScope = call.scope
        binder.isScript = true
        try binder.bindArguments(call.arguments, expectingInput: call.expectingInput)
        self.binder = binder
        try defineParameters(binder)
        if newScope { applyCommonParameters(binder.common) }
        output = CommonOutputSink.wrap(output, binder.common, call.scope)
        if binder.common.warningVariable != nil { warnings = WarningCollector() }
        if binder.common.errorVariable != nil || warnings != nil { output = DownstreamErrorFence(output, self) }
        if let b = block.begin { try run(b, block.beginTraps) }
    }

    /// The errors recorded while this call's blocks ran, less those recorded while its
    /// output was in the hands of later commands of its pipeline (theirs, not its own).
    private var ownErrors: [ClosedRange<Int>] = []
    /// -WarningVariable: the warnings written while this call's blocks ran.
    fileprivate var warnings: WarningCollector?
    fileprivate var downstreamErrors: [ClosedRange<Int>] = []
    /// `$PSCmdlet.WriteError` was used: unlike Write-Error, it fails the call (`$?`).
    var wroteCmdletError = false

    /// -ErrorAction, -Verbose and the like act through preference variables local to the call.
    private func applyCommonParameters(_ common: CommonParameters) {
        func set(_ name: String, _ v: Value) { scope.define(name.lowercased(), PSVariable(name, v)) }
        if let a = common.errorAction { set("ErrorActionPreference", .string(a.rawValue)) }
        if let a = common.warningAction { set("WarningPreference", .string(a.rawValue)) }
        if let a = common.informationAction { set("InformationPreference", .string(a.rawValue)) }
        if let v = common.verbose { set("VerbosePreference", .string(v ? "Continue" : "SilentlyContinue")) }
        if let d = common.debug { set("DebugPreference", .string(d ? "Continue" : "SilentlyContinue")) }
        if let w = common.whatIf { set("WhatIfPreference", .bool(w)) }
    }

    /// The caller's `$MyInvocation` while a dot-sourced block runs (nil inside: it had none).
    private var savedMyInvocation: PSVariable??

    private func defineParameters(_ binder: Binder) throws {
        // Bound parameters first, then the others in order: a default can read any
        // parameter that was given (pwsh: BindUnboundScriptParameters after binding).
        for (i, p) in block.parameters.enumerated() {
            guard let bound = binder.bound[i] else { continue }
            scope.define(p.name.lowercased(), PSVariable(p.name, bound, type: p.type?.kind == .switchParameter ? nil : p.type))
        }
        for (i, p) in block.parameters.enumerated() where binder.bound[i] == nil {
            let key = p.name.lowercased()
            var value: Value
            if let d = p.defaultValue {
                value = try d.eval(scope)
                if let t = p.type { value = try Convert.to(t, value.normalized, call.position) }
            } else if p.isSwitch {
                value = .object(SwitchParameter(false))
            } else {
                value = p.type.map { Convert.defaultValue($0) } ?? .null
            }
            scope.define(key, PSVariable(p.name, value, type: p.type?.kind == .switchParameter ? nil : p.type))
        }
        // The automatic variables of a call are made only when the block mentions them:
        // a call costs little when it does not.
        let mentions = block.mentions
        if !binder.unbound.isEmpty || mentions.contains("args") {
            scope.define("args", PSVariable("args", .object(PSArray(binder.unbound))))
        }
        if mentions.contains("psboundparameters") {
            scope.define("psboundparameters", PSVariable("PSBoundParameters", .object(binder.boundParameters(block.parameters))))
        }
        guard newScope else {
            // Dot-sourced: `$MyInvocation` is this invocation while it runs, the caller's after.
            if mentions.contains("myinvocation") {
                savedMyInvocation = .some(scope.local("myinvocation"))
                scope.define("myinvocation", PSVariable("MyInvocation", .object(InvocationInfoValue(commandName, call))))
            }
            return
        }
        if mentions.contains("myinvocation") {
            scope.define("myinvocation", PSVariable("MyInvocation", .object(InvocationInfoValue(commandName, call))))
        }
        if block.isAdvanced && mentions.contains("pscmdlet") {
            let set = binder.candidateSet() ?? (block.parameters.contains { !$0.setNames.isEmpty } ? nil : "__AllParameterSets")
            scope.define("pscmdlet", PSVariable("PSCmdlet", .object(PSCmdletObject(self, parameterSetName: set ?? "__AllParameterSets"))))
        }
    }

    override func process(_ input: Value?) throws {
        guard let input else {
            if block.process != nil { try runProcess(nil) }
            return
        }
        if block.process != nil {
            try runProcess(input)
        } else {
            // No process block: each input is still bound (the end block sees the last).
            if let binder, binder.takesPipelineInput || block.isAdvanced {
                guard try bindPipeline(binder, input) else { return }
            }
            collectedInput.append(input)
        }
    }

    /// Binds one input object; an object no parameter takes is a non-terminating error of
    /// the command (pwsh's InputObjectNotBound), and the object is skipped.
    private func bindPipeline(_ binder: Binder, _ input: Value) throws -> Bool {
        do {
            try binder.bindPipeline(input)
        } catch let r as ErrorRecord where r.fullyQualifiedErrorId.hasPrefix("InputObjectNotBound") {
            try call.scope.context!.writeNonTerminating(r, call.scope, action: binder.common.errorAction)
            return false
        }
        try rebindPipelineParameters(binder)
        return true
    }

    private func runProcess(_ input: Value?) throws {
        if let input {
            if let binder { guard try bindPipeline(binder, input) else { return } }
            scope.define("_", PSVariable("_", input))
            scope.define("psitem", PSVariable("PSItem", input))
            if block.mentions.contains("input") && !block.parameters.contains(where: { $0.name.lowercased() == "input" }) {
                scope.define("input", PSVariable("input", .object(EnumeratorObject([input]))))
            }
        }
        try run(block.process!, block.processTraps)
    }

    private func rebindPipelineParameters(_ binder: Binder) throws {
        for i in binder.pipelineBoundIndexes {
            let p = block.parameters[i]
            if let v = binder.bound[i] { scope.define(p.name.lowercased(), PSVariable(p.name, v, type: p.type)) }
        }
    }

    override func end() throws {
        defer {
            // `clean` runs when one of the other blocks did (a function of only `clean` has none).
            if let clean = block.clean, block.begin != nil || block.process != nil || block.end != nil {
                if let warnings { scope.context.warningCollectors.append(warnings) }
                try? BlockNode.runStatements(clean, scope, NullSink.shared)
                if warnings != nil { scope.context.warningCollectors.removeLast() }
            }
            collectWarningVariable()
            scope.context.callDepth -= 1
            if sourceFile != nil { scope.context.scriptStack.removeLast() }
            if let saved = savedMyInvocation {
                if let v = saved { scope.define("myinvocation", v) } else { _ = scope.remove("myinvocation") }
            }
            collectErrorVariable()
        }
        if block.mentions.contains("input") && !block.parameters.contains(where: { $0.name.lowercased() == "input" }) {
            scope.define("input", PSVariable("input", .object(EnumeratorObject(collectedInput))))
        }
        if let e = block.end { try run(e, block.endTraps) }
        // Errors a function wrote do not make its call fail: `$?` is true for the caller.
        if newScope { scope.context.lastSucceeded = !wroteCmdletError }
    }

    /// `-WarningVariable name`: the warnings written during the call (`+name` appends).
    private func collectWarningVariable() {
        guard let warnings, var spec = binder?.common.warningVariable else { return }
        let appending = spec.hasPrefix("+")
        if appending { spec.removeFirst() }
        let (target, name) = call.scope.qualified(spec)
        let list = appending ? CommonOutputSink.appendable(target.lookup(name.lowercased())?.value) : PSList(kind: .arrayList)
        list.items += warnings.items
        target.assign(name, .object(list))
    }

    /// `-ErrorVariable name`: the errors the call reported, oldest first (`+name` appends).
    private func collectErrorVariable() {
        guard var spec = binder?.common.errorVariable else { return }
        let context = scope.context!
        let first = ownErrors.first?.lowerBound ?? Int.max
        // A record written twice (`$PSCmdlet.WriteError($Error[0])`) is in $Error twice,
        // numbered anew: it counts once.
        var seen = Set<ObjectIdentifier>()
        let fresh = context.errorList.prefix { $0.serial >= first }
            .filter { r in ownErrors.contains { $0.contains(r.serial) } && !downstreamErrors.contains { $0.contains(r.serial) } }
            .filter { seen.insert(ObjectIdentifier($0)).inserted }
            .reversed()
        let appending = spec.hasPrefix("+")
        if appending { spec.removeFirst() }
        let (target, name) = call.scope.qualified(spec)
        let list = appending ? CommonOutputSink.appendable(target.lookup(name.lowercased())?.value) : PSList(kind: .arrayList)
        list.items += fresh.map { .object($0) }
        target.assign(name, .object(list))
    }

    private func run(_ statements: [Stmt], _ traps: [TrapHandler]) throws {
        let context = scope.context!
        let errorsBefore = context.errorSerial
        if let warnings { context.warningCollectors.append(warnings) }
        defer {
            if context.errorSerial > errorsBefore { ownErrors.append((errorsBefore + 1)...context.errorSerial) }
            if warnings != nil { context.warningCollectors.removeLast() }
        }
        let saved = context.invocation
        if newScope {
            context.invocation = Invocation(self)
        }
        defer { context.invocation = saved }
        do {
            if traps.isEmpty {
                try BlockNode.runStatements(statements, scope, output)
            } else {
                try Traps.run(statements, traps, scope, output)
            }
        } catch FlowSignal.returnFromCall {
            return
        } catch let r as ErrorRecord where r.endsCommand {
            // Out of the command: from here on an error of the statement that called it.
            r.endsCommand = false
            throw r
        }
    }
}

/// A script block value (`{ … }`); `GetNewClosure()` captures a scope.
public final class ScriptBlockObject: PSObjectBase {
    let block: CompiledBlock
    var capturedScope: Scope?

    init(_ block: CompiledBlock, captured: Scope? = nil) {
        self.block = block
        self.capturedScope = captured
    }

    public override var typeName: String { "System.Management.Automation.ScriptBlock" }

    /// The text between the braces, as pwsh's ScriptBlock.ToString gives it.
    public override func toString(_ context: ConversionContext) -> String {
        let text = block.source.text(of: block.ast.range)
        if text.hasPrefix("{") && text.hasSuffix("}") { return String(text.dropFirst().dropLast()) }
        return text
    }
}

/// Invokes script blocks from native code (ForEach-Object, Where-Object, calculated
/// properties, -replace with a script block…).
enum ScriptBlockInvoker {
    /// Runs `block` in `scope` itself (dot-sourced) with `$_` set; returns its output.
    static func invokeDotSourced(_ block: CompiledBlock, _ scope: Scope, dollarUnder: Value?, args: [Value] = []) throws -> Value {
        let sink = CollectSink()
        // `$args` for the block, restored after (a -replace evaluator gets the match there too).
        let saved = args.isEmpty ? nil : scope.local("args")
        if !args.isEmpty { scope.define("args", PSVariable("args", .object(PSArray(args)))) }
        defer {
            if !args.isEmpty {
                if let saved { scope.define("args", saved) } else { _ = scope.remove("args") }
            }
        }
        try runDotSourced(block, scope, dollarUnder: dollarUnder, sink)
        return sink.result
    }

    static func runDotSourced(_ block: CompiledBlock, _ scope: Scope, dollarUnder: Value?, _ out: Sink) throws {
        var spare: PSVariable? = nil
        try runDotSourced(block, scope, dollarUnder: dollarUnder, out, spareUnder: &spare)
    }

    /// `spareUnder`: a `$_` variable a caller running the block object after object keeps
    /// between runs, so that each run does not make and drop one.
    static func runDotSourced(_ block: CompiledBlock, _ scope: Scope, dollarUnder: Value?, _ out: Sink,
                              spareUnder: inout PSVariable?) throws {
        // `$_` and `$PSItem` are set for the block and restored after (the variables are
        // reused: this runs once per pipeline object).
        // Compiled code reads `$PSItem` as `$_`, and a lookup of PSItem by name finds `$_`.
        var underVar: PSVariable? = nil
        var oldUnder = Value.null
        var madeUnder = false
        let slot = scope.symbols.underscoreSlot
        if let d = dollarUnder {
            if let v = slot.map({ scope.slots[$0] }) ?? scope.local("_") {
                underVar = v
                oldUnder = v.value
                v.value = d
            } else {
                if let slot {
                    if spareUnder != nil && isKnownUniquelyReferenced(&spareUnder!) {
                        spareUnder!.value = d
                        scope.slots[slot] = spareUnder
                    } else {
                        scope.slots[slot] = PSVariable("_", d)
                    }
                } else {
                    scope.define("_", PSVariable("_", d))
                }
                madeUnder = true
            }
        }
        defer {
            if let v = underVar {
                v.value = oldUnder
            } else if madeUnder {
                if let slot {
                    spareUnder = scope.slots[slot]
                    scope.slots[slot] = nil
                } else {
                    _ = scope.remove("_")
                }
            }
        }
        do {
            if block.begin != nil { try BlockNode.runStatements(block.begin!, scope, out) }
            if block.process != nil { try BlockNode.runStatements(block.process!, scope, out) }
            if block.end != nil { try BlockNode.runStatements(block.end!, scope, out) }
        } catch {
            if !FlowSignal.isReturning(error) { throw error }
        }
    }

    /// Runs `block` as `& $block @args` would: in a new scope, parameters bound.
    static func invoke(_ block: ScriptBlockObject, _ scope: Scope, args: [Value], input: Value? = nil,
                       position: ErrorPosition = .none, this: Value? = nil) throws -> Value {
        let sink = CollectSink()
        let call = CommandCall(name: "", arguments: args.map { CommandArgument(value: $0) }, scope: scope,
                               position: position, invocation: .ampersand, expectingInput: input != nil)
        let p = ScriptCommandProcessor(block: block.block, call: call, newScope: true, commandName: "",
                                       parentScope: block.capturedScope)
        p.output = sink
        try p.begin()
        // A script method's `$this`: the object it was called on.
        if let this { p.scope.define("this", PSVariable("this", this)) }
        try p.process(input)
        try p.end()
        return sink.result
    }
}

/// Notes which errors are recorded while a call's output is in the hands of the commands
/// after it (for its -ErrorVariable, which holds only its own).
private final class DownstreamErrorFence: Sink {
    let next: Sink
    unowned let owner: ScriptCommandProcessor
    init(_ next: Sink, _ owner: ScriptCommandProcessor) {
        self.next = next
        self.owner = owner
    }
    func emit(_ value: Value) throws {
        let context = owner.scope.context!
        let before = context.errorSerial
        let warnings = owner.warnings
        warnings?.paused = true
        defer {
            if context.errorSerial > before { owner.downstreamErrors.append((before + 1)...context.errorSerial) }
            warnings?.paused = false
        }
        try next.emit(value)
    }
}

/// The warnings a script command with -WarningVariable collects.
final class WarningCollector {
    var items: [Value] = []
    var paused = false
}

/// A `.ps1` file run as a command.
final class ScriptFileInfo: CommandInfo {
    let path: String
    let source: SourceFile
    let block: CompiledBlock

    init(path: String, context: ExecutionContext) throws {
        self.path = path
        let data = FileManager.default.contents(atPath: path) ?? Data()
        source = SourceFile(name: path, text: SourceFile.decode([UInt8](data)))
        let result = Parser.parse(source)
        if let first = result.diagnostics.first {
            throw ErrorRecord("System.Management.Automation.ParseException", first.message, id: first.id.rawValue,
                              category: .parserError, position: ErrorPosition(source: source, range: first.range))
        }
        block = try Compiler.compile(result.script, source: source)
        super.init(name: (path as NSString).lastPathComponent)
    }

    public override var parameters: [ParameterInfo] { block.parameters }
    public override var isAdvanced: Bool { block.isAdvanced }
    public override var typeName: String { "System.Management.Automation.ExternalScriptInfo" }

    override func makeProcessor(_ call: CommandCall) throws -> CommandProcessor {
        ScriptCommandProcessor(block: block, call: call, newScope: call.invocation != .dot, commandName: name,
                               sourceFile: source)
    }
}

extension ScriptCommandProcessor: InvocationSource {
    var invocationName: String { commandName }
    var invocationIsFunction: Bool { sourceFile == nil && !commandName.isEmpty }
    var invocationPosition: ErrorPosition { call.position }
}
