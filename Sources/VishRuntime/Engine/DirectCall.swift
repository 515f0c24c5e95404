import VishSyntax

/// The common call `f $a 2` of a simple function, run without a pipeline: no binder,
/// no processor objects. Taken only when the outcome is the same as the general path's:
/// a simple (not advanced) function with only an end block and plain parameters, given
/// only positional values.
enum DirectCall {
    /// Runs the call and returns true, or returns false for the general path.
    static func run(_ spec: CommandSpec, _ s: Scope, _ out: Sink) throws -> Bool {
        guard spec.invocation == .none, spec.redirections.isEmpty, spec.elements.count >= 1,
              case .name(let name, let nameRange) = spec.elements[0] else { return false }
        let cache = spec.resolved
        let info: CommandInfo
        if cache.seenGeneration == ResolvedCommand.generation, let known = cache.info {
            info = known
        } else {
            guard let found = try? CommandResolver.resolve(name, s, ErrorPosition(source: spec.position.source, range: nameRange)),
                  !(found is ScriptFileInfo) else { return false }
            cache.info = found
            cache.seenGeneration = ResolvedCommand.generation
            info = found
        }
        guard let f = info as? FunctionInfo, isDirect(f.block) else { return false }
        var args: [(Value, String?, SourceRange)] = []
        args.reserveCapacity(spec.elements.count - 1)
        for el in spec.elements.dropFirst() {
            guard case .value(let e, let r) = el else { return false }
            args.append((try e.eval(s).normalized, (e as? NumberArgumentExpr)?.text, r))
        }
        let block = f.block
        guard args.count <= block.parameters.count else { return false }

        let context = s.context!
        try context.tick()
        context.callDepth += 1
        defer { context.callDepth -= 1 }
        if context.callDepth > ExecutionContext.maxCallDepth || !context.stack.hasRoom() {
            throw Errors.callDepthOverflow(spec.position)
        }
        let scope = Scope(parent: s, symbols: block.symbols, context: context)
        for (i, p) in block.parameters.enumerated() {
            var value: Value
            if i < args.count {
                value = args[i].0
                if p.type?.kind == .string, let text = args[i].1 { value = .string(text) }
                if let t = p.type {
                    do {
                        value = try Convert.to(t, value, spec.position)
                    } catch let e as ErrorRecord {
                        // Shown under the argument, as the binder shows it.
                        throw Errors.binding("Cannot process argument transformation on parameter '\(p.name)'. \(e.message)",
                                             id: "ParameterArgumentTransformationError", f.name,
                                             ErrorPosition(source: spec.position.source, range: args[i].2),
                                             exception: "System.Management.Automation.ParameterBindingArgumentTransformationException")
                    }
                }
            } else if let d = p.defaultValue {
                value = try d.eval(scope)
                if let t = p.type { value = try Convert.to(t, value.normalized, spec.position) }
            } else {
                value = p.type.map { Convert.defaultValue($0) } ?? .null
            }
            scope.define(p.name.lowercased(), PSVariable(p.name, value, type: p.type))
        }
        let saved = context.invocation
        context.invocation = Invocation(commandName: f.name, isFunction: true, position: spec.position)
        defer { context.invocation = saved }
        context.lastSucceeded = true
        do {
            try BlockNode.runStatements(block.end ?? [], scope, out)
        } catch FlowSignal.returnFromCall {}
        context.lastSucceeded = true
        return true
    }

    /// A function the direct path runs exactly as the general one would.
    private static func isDirect(_ b: CompiledBlock) -> Bool {
        if let known = b.isDirect { return known }
        let direct = !b.isAdvanced && b.begin == nil && b.process == nil && b.clean == nil && b.endTraps.isEmpty
            && !b.isFilter && b.mentions.isEmpty
            && b.parameters.allSatisfy { p in
                !p.isSwitch && p.sets.allSatisfy { !$0.mandatory && !$0.fromPipeline && !$0.fromPipelineByPropertyName && !$0.fromRemaining }
                    && p.validateSet == nil && p.validateRange == nil && !p.validateNotNull && !p.validateNotNullOrEmpty
                    && p.validateScript == nil && p.validatePattern == nil && p.validateLength == nil && p.validateCount == nil
                    && p.type?.kind != .bool && p.type?.kind != .switchParameter
            }
        b.isDirect = direct
        return direct
    }
}
