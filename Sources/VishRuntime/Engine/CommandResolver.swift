import Foundation
import VishSyntax

/// Finds what a command name means (alias, function, cmdlet, script file) and evaluates
/// its arguments, as pwsh's command discovery does.
enum CommandResolver {
    static func processor(_ spec: CommandSpec, _ s: Scope, expectingInput: Bool) throws -> CommandProcessor {
        let context = s.context!
        var elements = spec.elements[...]
        var info: CommandInfo? = nil
        var name = ""
        var scriptBlock: CompiledBlock? = nil
        var blockScope: Scope? = nil

        switch elements.first {
        case .name(let n, let r)?:
            name = n
            elements = elements.dropFirst()
            let cache = spec.resolved
            if cache.seenGeneration == ResolvedCommand.generation, let known = cache.info {
                info = known
            } else {
                // An unknown command is shown at its name alone.
                let found = try resolve(n, s, ErrorPosition(source: spec.position.source, range: r))
                if !(found is ScriptFileInfo) {
                    cache.info = found
                    cache.seenGeneration = ResolvedCommand.generation
                }
                info = found
            }
        case .value(let e, _)? where spec.invocation != .none:
            elements = elements.dropFirst()
            let target = try e.eval(s)
            switch target {
            case .object(let o as ScriptBlockObject):
                scriptBlock = o.block
                blockScope = o.capturedScope
                name = ""
            case .object(let o as CommandInfo):
                info = o
                name = o.name
            default:
                name = Convert.toString(target, ConversionContext())
                info = try resolve(name, s, spec.position)
            }
        case .parameter(let p, _, _, _)? where spec.invocation != .none:
            name = "-" + p
            elements = elements.dropFirst()
            info = try resolve(name, s, spec.position)
        default:
            throw ErrorRecord("System.Management.Automation.RuntimeException", "The command is not valid.",
                              id: "InvalidCommand", category: .invalidOperation, position: spec.position)
        }

        let args = try evaluateArguments(elements, s)
        let call = CommandCall(name: name, arguments: args, scope: s, position: spec.position,
                               invocation: spec.invocation, expectingInput: expectingInput)
        let processor: CommandProcessor
        if let block = scriptBlock {
            processor = ScriptCommandProcessor(block: block, call: call, newScope: spec.invocation != .dot,
                                               commandName: "", parentScope: blockScope)
        } else if let info {
            if spec.invocation == .dot, let f = info as? FunctionInfo {
                processor = ScriptCommandProcessor(block: f.block, call: call, newScope: false, commandName: f.name)
            } else if spec.redirections.isEmpty, let fast = PipelineBlockProcessor.make(info, args, call) {
                processor = fast
            } else {
                processor = try info.makeProcessor(call)
            }
        } else {
            throw Errors.commandNotFound(name, spec.position)
        }
        if !spec.redirections.isEmpty {
            return RedirectedCommand(processor, spec.redirections, s)
        }
        return processor
    }

    /// Alias, then function, then cmdlet, then a script file.
    static func resolve(_ name: String, _ s: Scope, _ position: ErrorPosition) throws -> CommandInfo {
        let context = s.context!
        var key = name.lowercased()
        var seen = Set<String>()
        while let target = context.aliases[key], !seen.contains(key) {
            seen.insert(key)
            key = target.lowercased()
        }
        if let f = s.lookupFunction(key) { return f }
        if let c = context.commands[key] { return c }
        if let slash = key.lastIndex(of: "\\"), let c = context.commands[String(key[key.index(after: slash)...])] {
            return c // Module-qualified: Microsoft.PowerShell.Utility\Write-Output
        }
        if key.hasSuffix(".ps1") || name.contains("/") || name.hasPrefix(".") {
            let path = FileSystem.resolve(name, context)
            if FileManager.default.fileExists(atPath: path) {
                return try ScriptFileInfo(path: path, context: context)
            }
        }
        throw Errors.commandNotFound(name, position)
    }

    static func evaluateArguments(_ elements: ArraySlice<CommandArgumentSpec>, _ s: Scope) throws -> [CommandArgument] {
        var args: [CommandArgument] = []
        for el in elements {
            switch el {
            case .value(let e, let r):
                let v = try e.eval(s).normalized
                args.append(CommandArgument(value: v, numberText: (e as? NumberArgumentExpr)?.text, range: r))
            case .parameter(let name, let arg, let usedColon, let r):
                let v = try arg.map { try $0.eval(s).normalized }
                args.append(CommandArgument(parameterName: name, value: v, usedColon: usedColon,
                                            numberText: (arg as? NumberArgumentExpr)?.text, range: r))
            case .splat(let e, let r):
                let v = try e.eval(s)
                if let h = v.asHashtable {
                    for (k, value) in zip(h.keys, h.values) {
                        args.append(CommandArgument(parameterName: Convert.toString(k, ConversionContext()), value: value,
                                                    usedColon: true, range: r, fromSplat: true))
                    }
                } else if case .object(let o) = v, o.isEnumerable {
                    for item in o.enumerate() {
                        if case .object(let t as ParameterToken) = item {
                            args.append(CommandArgument(parameterName: t.name, value: nil, usedColon: false, range: r))
                        } else {
                            args.append(CommandArgument(value: item, range: r, fromSplat: true))
                        }
                    }
                } else if !v.isNullish {
                    args.append(CommandArgument(value: v, range: r, fromSplat: true))
                }
            case .name(let n, let r):
                args.append(CommandArgument(value: .string(n), range: r))
            }
        }
        return args
    }
}

/// A command whose output (or error stream) is redirected to a file or merged.
final class RedirectedCommand: CommandProcessor {
    let inner: CommandProcessor
    let redirections: [RedirectionSpec]
    let scope: Scope
    var sink: Sink?

    init(_ inner: CommandProcessor, _ redirections: [RedirectionSpec], _ scope: Scope) {
        self.inner = inner
        self.redirections = redirections
        self.scope = scope
        super.init(commandName: inner.commandName)
    }

    /// Where merged streams go: with the output, to a file when it goes there
    /// (`3>&1 > file` writes warnings to the file).
    private var mergeTarget: Sink { sink ?? output }

    override func begin() throws {
        let s = try Redirections.outputSink(redirections, scope, output)
        sink = s
        inner.output = s
        try Redirections.withErrorRedirection(redirections, scope, mergeTarget) { try inner.begin() }
    }

    override func process(_ input: Value?) throws {
        try Redirections.withErrorRedirection(redirections, scope, mergeTarget) { try inner.process(input) }
    }

    override func end() throws {
        try Redirections.withErrorRedirection(redirections, scope, mergeTarget) { try inner.end() }
        try (sink as? FileSink)?.close()
    }
}
