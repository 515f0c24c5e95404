extension Parser {
    // foreach-statement: 'foreach' ('-parallel' | '-throttlelimit' arg)* '(' variable 'in' pipeline-chain ')' statement-block
    func foreachStatementRule(label: (String, SourceRange)?, _ foreachToken: Token) -> Statement {
        let start = label?.1 ?? foreachToken.range
        var parallel = false
        var throttle: Expression? = nil
        skipNewlines()
        var t = peekToken()
        while t.kind == .parameter {
            skipToken()
            if isParameter(t, "parallel") {
                parallel = true
            } else if isParameter(t, "throttlelimit") {
                skipNewlines()
                throttle = singleCommandArgument(.commandArgument)
                if throttle == nil { report(.MissingThrottleLimit, [], after(t.range), incomplete: true) }
            } else {
                report(.InvalidForeachFlag, [parameterName(t)], t.range)
            }
            skipNewlines()
            t = peekToken()
        }
        let lParen = nextToken()
        guard lParen.kind == .lParen else {
            ungetToken(lParen)
            report(.MissingOpenParenthesisAfterKeyword, [text(foreachToken).lowercased()], after(foreachToken.range), incomplete: true)
            return .error(start.union(foreachToken.range))
        }
        skipNewlines()
        let v = nextToken()
        guard v.kind == .variable || v.kind == .splattedVariable, case .variable(let path, let splat) = v.value else {
            ungetToken(v)
            report(.MissingVariableNameAfterForeach, [], after(lParen.range), incomplete: true)
            return .error(start.union(lParen.range))
        }
        let variable = VariableExpression(path: path, splatted: splat, range: v.range)
        skipNewlines()
        let inToken = nextToken()
        guard inToken.kind == .kwIn else {
            ungetToken(inToken)
            report(.MissingInInForeach, [], after(v.range), incomplete: true)
            return .error(start.union(v.range))
        }
        skipNewlines()
        guard let collection = pipelineChainRule() else {
            report(.MissingForeachExpression, [], after(inToken.range), incomplete: true)
            return .error(start.union(inToken.range))
        }
        skipNewlines()
        let rParen = nextToken()
        guard rParen.kind == .rParen else {
            ungetToken(rParen)
            report(.MissingEndParenthesisAfterForeach, [], after(collection.range), incomplete: true)
            return .error(start.union(collection.range))
        }
        guard let body = statementBlockRule() else {
            report(.MissingForeachStatement, [], after(rParen.range), incomplete: true)
            return .error(start.union(rParen.range))
        }
        return .foreach(ForEachStatement(label: label?.0, variable: variable, collection: collection, body: body,
                                         parallel: parallel, throttleLimit: throttle, range: start.union(body.range)))
    }

    // for-statement: 'for' '(' init? (';'|nl) cond? (';'|nl) iter? ')' statement-block
    func forStatementRule(label: (String, SourceRange)?, _ forToken: Token) -> Statement {
        let start = label?.1 ?? forToken.range
        skipNewlines()
        let lParen = nextToken()
        guard lParen.kind == .lParen else {
            ungetToken(lParen)
            report(.MissingOpenParenthesisAfterKeyword, ["for"], after(forToken.range), incomplete: true)
            return .error(start.union(forToken.range))
        }
        var endError: SourceRange? = nil
        skipNewlines()
        let initializer = pipelineChainRule()
        if let i = initializer { endError = i.range }
        if peekToken().kind == .semi { endError = nextToken().range }
        skipNewlines()
        let condition = pipelineChainRule()
        if let c = condition { endError = c.range }
        if peekToken().kind == .semi { endError = nextToken().range }
        skipNewlines()
        let iterator = pipelineChainRule()
        if let i = iterator { endError = i.range }
        skipNewlines()
        let rParen = nextToken()
        guard rParen.kind == .rParen else {
            ungetToken(rParen)
            let at = endError ?? lParen.range
            report(.MissingEndParenthesisAfterStatement, ["for"], after(at), incomplete: true)
            return .error(start.union(at))
        }
        guard let body = statementBlockRule() else {
            report(.MissingLoopStatement, ["for"], after(rParen.range), incomplete: true)
            return .error(start.union(rParen.range))
        }
        return .for(ForStatement(label: label?.0, initializer: initializer, condition: condition,
                                 iterator: iterator, body: body, range: start.union(body.range)))
    }

    // while-statement: 'while' '(' pipeline-chain ')' statement-block
    func whileStatementRule(label: (String, SourceRange)?, _ whileToken: Token) -> Statement {
        let start = label?.1 ?? whileToken.range
        skipNewlines()
        let lParen = nextToken()
        guard lParen.kind == .lParen else {
            ungetToken(lParen)
            report(.MissingOpenParenthesisAfterKeyword, [text(whileToken)], after(whileToken.range), incomplete: true)
            return .error(start.union(whileToken.range))
        }
        skipNewlines()
        let condition = pipelineChainRule()
        if condition == nil {
            report(.MissingExpressionAfterKeyword, ["while"], after(lParen.range), incomplete: true)
        }
        skipNewlines()
        let rParen = nextToken()
        guard rParen.kind == .rParen else {
            ungetToken(rParen)
            if let c = condition {
                report(.MissingEndParenthesisAfterStatement, ["while"], after(c.range), incomplete: true)
            }
            return .error(start.union(condition?.range ?? lParen.range))
        }
        skipNewlines()
        guard let body = statementBlockRule() else {
            report(.MissingLoopStatement, ["while"], after(rParen.range), incomplete: true)
            return .error(start.union(rParen.range))
        }
        guard let condition else { return .error(start.union(body.range)) }
        return .while(WhileStatement(label: label?.0, condition: condition, body: body, range: start.union(body.range)))
    }

    // do-statement: 'do' statement-block ('while'|'until') '(' pipeline-chain ')'
    func doStatementRule(label: (String, SourceRange)?, _ doToken: Token) -> Statement {
        let start = label?.1 ?? doToken.range
        guard let body = statementBlockRule() else {
            report(.MissingLoopStatement, ["do"], after(doToken.range), incomplete: true)
            return .error(start.union(doToken.range))
        }
        skipNewlines()
        let keyword = nextToken()
        guard keyword.kind == .kwWhile || keyword.kind == .kwUntil else {
            ungetToken(keyword)
            report(.MissingWhileOrUntilInDoWhile, [], after(body.range), incomplete: true)
            return .error(start.union(body.range))
        }
        let word = keyword.kind == .kwWhile ? "while" : "until"
        skipNewlines()
        let lParen = nextToken()
        guard lParen.kind == .lParen else {
            ungetToken(lParen)
            report(.MissingOpenParenthesisAfterKeyword, [word], after(keyword.range), incomplete: true)
            return .error(start.union(keyword.range))
        }
        skipNewlines()
        let condition = pipelineChainRule()
        if condition == nil {
            report(.MissingExpressionAfterKeyword, [word], after(lParen.range), incomplete: true)
        }
        skipNewlines()
        let rParen = nextToken()
        guard rParen.kind == .rParen else {
            ungetToken(rParen)
            if let c = condition {
                report(.MissingEndParenthesisAfterStatement, [word], after(c.range), incomplete: true)
            }
            return .error(start.union(condition?.range ?? lParen.range))
        }
        guard let condition else { return .error(start.union(rParen.range)) }
        return .doLoop(DoLoopStatement(label: label?.0, body: body, condition: condition,
                                       isUntil: keyword.kind == .kwUntil, range: start.union(rParen.range)))
    }
}
