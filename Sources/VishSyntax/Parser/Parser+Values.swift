extension Parser {
    // parenthesized-expression: '(' pipeline-chain ')'
    func parenthesizedExpressionRule(_ lParen: Token) -> Expression {
        let oldComma = disableCommaOperator
        disableCommaOperator = false
        defer { disableCommaOperator = oldComma }
        return withMode(.command) {
            skipNewlines()
            var inner: Statement
            if let p = pipelineChainRule() {
                inner = p
            } else {
                report(.ExpectedExpression, [], after(lParen.range), incomplete: true)
                inner = .error(after(lParen.range))
            }
            skipNewlines()
            let rParen = nextToken()
            if rParen.kind != .rParen {
                ungetToken(rParen)
                report(.MissingEndParenthesisInExpression, [], after(inner.range), incomplete: true)
                return .paren(inner, lParen.range.union(inner.range))
            }
            return .paren(inner, lParen.range.union(rParen.range))
        }
    }

    // sub-expression: '$(' statement-list? ')'   array-expression: '@(' statement-list? ')'
    func subExpressionRule(_ first: Token) -> Expression {
        let oldComma = disableCommaOperator
        disableCommaOperator = false
        defer { disableCommaOperator = oldComma }
        return withMode(.command) {
            var statements: [Statement] = []
            var traps: [TrapStatement] = []
            skipNewlines()
            let listRange = statementListRule(&statements, &traps)
            skipNewlines()
            let rParen = nextToken()
            var end = rParen.range
            if rParen.kind != .rParen {
                ungetToken(rParen)
                report(.MissingEndParenthesisInSubexpression, [], rParen.range, incomplete: true)
                end = listRange ?? first.range
            }
            let block = StatementBlock(statements: statements, traps: traps, range: listRange ?? first.range)
            let range = first.range.union(end)
            return first.kind == .dollarParen ? .subExpression(block, range) : .arrayExpression(block, range)
        }
    }

    // script-block-expression: '{' script-block '}'
    func scriptBlockExpressionRule(_ lCurly: Token) -> Expression {
        let oldComma = disableCommaOperator
        disableCommaOperator = false
        defer { disableCommaOperator = oldComma }
        return withMode(.command) {
            skipNewlines()
            return .scriptBlock(scriptBlockRule(lCurly: lCurly, isFilter: false))
        }
    }

    // hash-literal-expression: '@{' (key '=' statement) (terminator key '=' statement)* '}'
    func hashExpressionRule(_ atCurly: Token) -> Expression {
        skipNewlines()
        var entries: [HashEntry] = []
        while true {
            guard let entry = keyValuePair() else { break }
            entries.append(entry)
            let t = peekToken()
            if t.kind != .newLine && t.kind != .semi { break }
            skipNewlinesAndSemicolons()
        }
        let rCurly = nextToken()
        if rCurly.kind != .rCurly {
            ungetToken(rCurly)
            report(.MissingEndCurlyBrace, [], after(atCurly.range), incomplete: true)
            let end = entries.last.map { $0.key.range.union($0.value.range) } ?? atCurly.range
            return .hashtable(entries, atCurly.range.union(end))
        }
        return .hashtable(entries, atCurly.range.union(rCurly.range))
    }

    private func keyValuePair() -> HashEntry? {
        var key: Expression? = nil
        let equals: Token = withMode(.expression) {
            key = labelOrKeyRule()
            return key == nil ? Token(.unknown, .point(0)) : nextToken()
        }
        guard let key else { return nil }
        if equals.kind != .equals {
            ungetToken(equals)
            let at = after(key.range)
            report(.MissingEqualsInHashLiteral, [], at)
            syncOnError(consumeClosing: false, [.rCurly, .semi, .newLine])
            return HashEntry(key: key, value: .error(at))
        }
        return withMode(.command) {
            skipNewlines()
            guard let value = statementRule() else {
                report(.MissingStatementInHashLiteral, [], after(equals.range), incomplete: true)
                return HashEntry(key: key, value: .error(after(equals.range)))
            }
            return HashEntry(key: key, value: value)
        }
    }

    /// Builds `"… $x … $(…)"`: nested variables are read from the token; each `$( … )` is
    /// parsed from its own range of the source.
    func expandableString(_ value: String, _ parts: [StringPart], kind: StringKind, range: SourceRange) -> ExpandableString {
        var result: [ExpandableString.Part] = []
        for part in parts {
            switch part {
            case .literal(let s):
                result.append(.literal(s))
            case .variable(let path, let r):
                if path.qualifier?.lowercased() == "using" {
                    let v = Expression.variable(VariableExpression(path: VariablePath(path.name), splatted: false, range: r))
                    result.append(.expression(.using(v, r)))
                } else {
                    result.append(.expression(.variable(VariableExpression(path: path, splatted: false, range: r))))
                }
            case .subExpression(let inner, let whole, let collapsesQuotes):
                let sub = Parser(source: source, start: inner.start, end: inner.end, stack: stack)
                sub.depth = depth
                sub.lexer.collapsesQuotes = collapsesQuotes
                var statements: [Statement] = []
                var traps: [TrapStatement] = []
                let listRange = sub.withMode(.command) { sub.statementListRule(&statements, &traps) }
                let rest = sub.nextToken()
                if rest.kind != .endOfInput {
                    sub.report(.UnexpectedToken, [sub.text(rest)], rest.range)
                }
                for d in sub.lexer.diagnostics { lexer.report(d) }
                if sub.lexer.aborted { lexer.abort(at: whole) }
                let block = StatementBlock(statements: statements, traps: traps, range: listRange ?? inner)
                result.append(.expression(.subExpression(block, whole)))
            }
        }
        return ExpandableString(value: value, parts: result, kind: kind, range: range)
    }
}
