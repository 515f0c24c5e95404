/// `… | ForEach-Object { … }` and `… | Where-Object { … }` with the block as their only
/// argument: the commonest pipeline stages, run without a binder. Nothing else can be
/// bound to them then, and per object they only take InputObject (untyped) and run the
/// block dot-sourced with `$_` set, as the cmdlets do (PipelineCommands.swift).
final class PipelineBlockProcessor: CommandProcessor {
    enum Kind { case forEach, filter }
    private let kind: Kind
    private let block: CompiledBlock
    private let scope: Scope
    private let truth = TruthSink()
    private var spareUnder: PSVariable?

    /// The fast form of a call, when it has that shape.
    static func make(_ info: CommandInfo, _ args: [CommandArgument], _ call: CommandCall) -> PipelineBlockProcessor? {
        guard call.expectingInput, call.invocation == .none, args.count == 1, args[0].parameterName == nil,
              case .object(let sb as ScriptBlockObject)? = args[0].value, info is CmdletInfo else { return nil }
        let kind: Kind
        switch info.name {
        case "ForEach-Object": kind = .forEach
        case "Where-Object": kind = .filter
        default: return nil
        }
        return PipelineBlockProcessor(kind, sb.block, sb.capturedScope ?? call.scope, name: info.name)
    }

    private init(_ kind: Kind, _ block: CompiledBlock, _ scope: Scope, name: String) {
        self.kind = kind
        self.block = block
        self.scope = scope
        super.init(commandName: name)
    }

    override func process(_ input: Value?) throws {
        let item = input?.normalized ?? .null
        switch kind {
        case .forEach:
            try ScriptBlockInvoker.runDotSourced(block, scope, dollarUnder: item, output, spareUnder: &spareUnder)
        case .filter:
            truth.reset()
            try ScriptBlockInvoker.runDotSourced(block, scope, dollarUnder: item, truth, spareUnder: &spareUnder)
            if truth.truth { try output.emit(item) }
        }
    }
}
