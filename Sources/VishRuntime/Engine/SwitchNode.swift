import VishSyntax

/// `switch`: every clause whose condition matches the current item runs; `break` leaves
/// the switch, `continue` moves to the next item; `default` runs when none matched.
final class SwitchStmt: Stmt {
    enum Condition {
        case value(Expr)
        case scriptBlock(CompiledBlock)
    }

    let label: String?
    let flags: SwitchFlags
    let subject: Stmt
    let clauses: [(Condition, BlockNode)]
    let defaultBody: BlockNode?
    let position: ErrorPosition

    init(label: String?, flags: SwitchFlags, subject: Stmt, clauses: [(Condition, BlockNode)], defaultBody: BlockNode?,
         _ range: SourceRange, _ position: ErrorPosition) {
        self.label = label
        self.flags = flags
        self.subject = subject
        self.clauses = clauses
        self.defaultBody = defaultBody
        self.position = position
        super.init(range)
    }

    override func exec(_ s: Scope, _ out: Sink) throws {
        var items: [Value]
        let subjectValue = try Conditions.value(subject, s)
        if flags.contains(.file) {
            let path = Convert.toString(subjectValue, ConversionContext())
            items = try FileSystem.readLines(path, s.context, position).map { .string($0) }
        } else if case .object(let o) = subjectValue, o.isEnumerable {
            items = o.enumerate()
        } else if subjectValue.isNullish && subjectValue.asObject != nil {
            items = []
        } else {
            items = [subjectValue]
        }
        let previous = s.local("_")
        defer { if let p = previous { s.define("_", p) } else { _ = s.remove("_") } }
        itemLoop: for item in items {
            s.define("_", PSVariable("_", item))
            var matched = false
            do {
                for (condition, body) in clauses where try matches(condition, item, s) {
                    matched = true
                    try body.exec(s, out)
                }
                if !matched, let d = defaultBody { try d.exec(s, out) }
            } catch let signal as FlowSignal {
                switch try LoopControl.handle(signal, label: label) {
                case .stop: return
                case .next: continue itemLoop
                }
            }
        }
    }

    private func matches(_ condition: Condition, _ item: Value, _ s: Scope) throws -> Bool {
        let caseSensitive = flags.contains(.caseSensitive)
        switch condition {
        case .scriptBlock(let block):
            let result = try ScriptBlockInvoker.invokeDotSourced(block, s, dollarUnder: item)
            return Convert.toBool(result)
        case .value(let e):
            let pattern = try e.eval(s)
            if flags.contains(.regex) {
                return try Matching.match(Convert.toString(item, ConversionContext()), Convert.toString(pattern, ConversionContext()),
                                          caseSensitive: caseSensitive, setMatches: s, position)
            }
            if flags.contains(.wildcard) {
                return Wildcard(Convert.toString(pattern, ConversionContext()), caseSensitive: caseSensitive)
                    .matches(Convert.toString(item, ConversionContext()))
            }
            return try Comparison.equals(item, pattern, caseSensitive: caseSensitive)
        }
    }
}
