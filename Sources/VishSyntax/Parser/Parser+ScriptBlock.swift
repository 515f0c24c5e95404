extension Parser {
    // script-block: using-statements? param-block? statement-terminators? script-block-body?
    func scriptBlockRule(lCurly: Token?, isFilter: Bool) -> ScriptBlock {
        skipNewlines()
        let usings = lCurly == nil ? usingStatementsRule() : []
        let restore = restorePoint
        let paramBlock = paramBlockRule()
        if paramBlock == nil { resync(restore) }
        skipNewlinesAndSemicolons()
        var block = scriptBlockBodyRule(lCurly: lCurly, paramBlock: paramBlock)
        block.usings = usings
        block.isFilter = isFilter
        return block
    }

    func usingStatementsRule() -> [UsingStatement] {
        var result: [UsingStatement] = []
        while true {
            let t = peekToken()
            guard t.kind == .kwUsing else {
                resync(t)
                return result
            }
            skipToken()
            if case .using(let u) = usingStatementRule(t) { result.append(u) }
            skipNewlinesAndSemicolons()
        }
    }

    // param-block: attribute-list? 'param' '(' parameter-list? ')'
    func paramBlockRule() -> ParamBlock? {
        skipNewlines()
        let candidates = attributeListRule(inExpressionMode: false)
        skipNewlines()
        let paramToken = peekToken()
        guard paramToken.kind == .kwParam else { return nil }
        skipToken()
        skipNewlines()
        let lParen = nextToken()
        guard lParen.kind == .lParen else {
            ungetToken(lParen)
            return nil
        }
        let parameters = parameterListRule()
        skipNewlines()
        let rParen = nextToken()
        var end = rParen.range
        if rParen.kind != .rParen {
            ungetToken(rParen)
            end = before(rParen.range)
            report(.MissingEndParenthesisInFunctionParameterList, [],
                   after(parameters.last?.range ?? lParen.range), incomplete: true)
        }
        var attributes: [Attribute] = []
        for a in candidates ?? [] {
            switch a {
            case .attribute(let attr): attributes.append(attr)
            case .typeConstraint(let t, let r): report(.TypeNotAllowedBeforeParam, [t.fullName], r)
            }
        }
        return ParamBlock(attributes: attributes, parameters: parameters,
                          range: paramToken.range.union(end))
    }

    // parameter-list: script-parameter (',' script-parameter)*
    func parameterListRule() -> [Parameter] {
        var parameters: [Parameter] = []
        var comma: Token? = nil
        while true {
            guard let p = parameterRule() else {
                if let c = comma { report(.MissingExpressionAfterToken, [","], after(c.range), incomplete: true) }
                break
            }
            parameters.append(p)
            skipNewlines()
            let t = peekToken()
            guard t.kind == .comma else { break }
            comma = t
            skipToken()
        }
        return parameters
    }

    // script-parameter: attribute-list? variable ('=' expression)?
    func parameterRule() -> Parameter? {
        let oldComma = disableCommaOperator
        disableCommaOperator = true
        defer { disableCommaOperator = oldComma }
        return withMode(.expression) {
            skipNewlines()
            let attributes = attributeListRule(inExpressionMode: false) ?? []
            skipNewlines()
            let t = nextToken()
            guard t.kind == .variable || t.kind == .splattedVariable, case .variable(let path, _) = t.value else {
                ungetToken(t)
                if let last = attributes.last {
                    report(.InvalidFunctionParameter, [], after(last.range), incomplete: true)
                    syncOnError(consumeClosing: true, [.rParen])
                    return Parameter(attributes: attributes, name: VariablePath("__error__"), defaultValue: nil,
                                     range: attributes[0].range.union(last.range))
                }
                return nil
            }
            skipNewlines()
            var defaultValue: Expression? = nil
            let eq = peekToken()
            if eq.kind == .equals {
                skipToken()
                skipNewlines()
                defaultValue = expressionRule()
                if defaultValue == nil {
                    report(.MissingExpressionAfterToken, ["="], after(eq.range), incomplete: true)
                }
            }
            let start = attributes.first?.range ?? t.range
            return Parameter(attributes: attributes, name: path, defaultValue: defaultValue,
                             range: start.union(defaultValue?.range ?? t.range))
        }
    }

    // script-block-body: named-block-list | statement-list
    func scriptBlockBodyRule(lCurly: Token?, paramBlock: ParamBlock?) -> ScriptBlock {
        if peekToken().kind.isBlockName {
            return namedBlockListRule(lCurly: lCurly, paramBlock: paramBlock)
        }
        var statements: [Statement] = []
        var traps: [TrapStatement] = []
        var bodyRange: SourceRange? = paramBlock?.range
        var fullRange = SourceRange.point(0)
        while true {
            if let r = statementListRule(&statements, &traps) {
                bodyRange = bodyRange.map { $0.union(r) } ?? r
            }
            if let done = completeScriptBlockBody(lCurly: lCurly, body: bodyRange) {
                fullRange = done
                break
            }
        }
        var block = ScriptBlock(range: fullRange)
        block.paramBlock = paramBlock
        let body = StatementBlock(statements: statements, traps: traps, range: bodyRange ?? fullRange)
        block.endBlock = NamedBlock(kind: .end, body: body, unnamed: true, range: body.range)
        return block
    }

    /// Ends a script block body: its `}` (or, at the top level, the end of input). The
    /// script block's range when done; nil to keep parsing after a stray token.
    func completeScriptBlockBody(lCurly: Token?, body: SourceRange?) -> SourceRange? {
        if let lCurly {
            let rCurly = nextToken()
            if rCurly.kind != .rCurly {
                ungetToken(rCurly)
                report(.MissingEndCurlyBrace, [], lCurly.range, incomplete: true)
                return lCurly.range.union(body ?? lCurly.range)
            }
            return lCurly.range.union(rCurly.range)
        }
        let t = nextToken()
        if t.kind != .endOfInput {
            report(.UnexpectedToken, [text(t)], t.range)
            return nil
        }
        return SourceRange(0, source.bytes.count)
    }

    // named-block-list: (block-name statement-block)+
    func namedBlockListRule(lCurly: Token?, paramBlock: ParamBlock?) -> ScriptBlock {
        var block = ScriptBlock(range: .point(0))
        block.paramBlock = paramBlock
        var start = lCurly?.range ?? paramBlock?.range
        var end: SourceRange? = nil
        while true {
            let name = nextToken()
            guard name.kind.isBlockName else {
                if name.kind == .rCurly || name.kind == .endOfInput {
                    ungetToken(name)
                    let inner = start.map { s in end.map { s.union($0) } ?? s } ?? name.range
                    block.range = completeScriptBlockBody(lCurly: lCurly, body: inner)
                        ?? SourceRange(0, source.bytes.count)
                    return block
                }
                if lCurly != nil { ungetToken(name) }
                block.range = lCurly != nil
                    ? (start ?? name.range).union(end ?? name.range) : SourceRange(0, source.bytes.count)
                report(.MissingNamedBlocks, [text(name)], name.range)
                return block
            }
            start = start ?? name.range
            end = name.range
            let kind: BlockKind
            switch name.kind {
            case .kwBegin: kind = .begin
            case .kwProcess: kind = .process
            case .kwClean: kind = .clean
            case .kwDynamicparam: kind = .dynamicparam
            default: kind = .end
            }
            var body = statementBlockRule()
            if body == nil {
                report(.MissingNamedStatementBlock, [kind.rawValue], after(name.range), incomplete: true)
                body = StatementBlock(statements: [], traps: [], range: name.range)
            } else {
                end = body!.range
            }
            let named = NamedBlock(kind: kind, body: body!, unnamed: false, range: name.range.union(end!))
            switch kind {
            case .begin where block.beginBlock == nil: block.beginBlock = named
            case .process where block.processBlock == nil: block.processBlock = named
            case .end where block.endBlock == nil: block.endBlock = named
            case .clean where block.cleanBlock == nil: block.cleanBlock = named
            case .dynamicparam where block.dynamicParamBlock == nil: block.dynamicParamBlock = named
            default: report(.DuplicateScriptCommandClause, [kind.rawValue], named.range)
            }
            skipNewlinesAndSemicolons()
        }
    }

    // statement-block: '{' statement-list? '}'
    func statementBlockRule() -> StatementBlock? {
        skipNewlines()
        let lCurly = nextToken()
        guard lCurly.kind == .lCurly else {
            ungetToken(lCurly)
            return nil
        }
        var statements: [Statement] = []
        var traps: [TrapStatement] = []
        let listRange = statementListRule(&statements, &traps)
        let rCurly = nextToken()
        var end = rCurly.range
        if rCurly.kind != .rCurly {
            ungetToken(rCurly)
            end = listRange ?? lCurly.range
            report(.MissingEndCurlyBrace, [], lCurly.range, incomplete: true)
        }
        return StatementBlock(statements: statements, traps: traps, range: lCurly.range.union(end))
    }

    // statement-list: statement+ ; stops at ')' or '}' (the caller's closer)
    @discardableResult
    func statementListRule(_ statements: inout [Statement], _ traps: inout [TrapStatement]) -> SourceRange? {
        var first: SourceRange? = nil
        var last: SourceRange? = nil
        skipNewlinesAndSemicolons()
        while true {
            let before = restorePoint
            guard let statement = statementRule() else { break }
            if case .trap(let trap) = statement {
                traps.append(trap)
            } else {
                statements.append(statement)
            }
            first = first ?? statement.range
            last = statement.range
            skipNewlinesAndSemicolons()
            let t = peekToken()
            if t.kind == .rParen || t.kind == .rCurly { break }
            if restorePoint <= before && t.kind != .endOfInput {
                // No progress: step over the token so recovery cannot loop.
                skipToken()
                report(.UnexpectedToken, [text(t)], t.range)
            }
        }
        guard let f = first, let l = last else { return nil }
        return f.union(l)
    }
}
