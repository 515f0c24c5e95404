extension Parser {
    // statement: if | label? labeled-statement | function | flow-control | trap | try
    //          | data | class | enum | using | pipeline-chain
    func statementRule() -> Statement? {
        var t = nextToken()
        if t.kind == .endOfInput {
            ungetToken(t)
            return nil
        }
        guard enter(t.range) else {
            leave()
            return .error(t.range)
        }
        defer { leave() }

        var restore = 0
        var attributes: [AttributeOrType]? = nil
        if t.kind == .generic, text(t).hasPrefix("[") {
            restore = t.range.start
            resync(t)
            attributes = attributeListRule(inExpressionMode: false)
            t = nextToken()
            if let attrs = attributes, !attrs.isEmpty {
                if t.kind.rejectsAttributes {
                    if attrs.contains(where: { if case .typeConstraint = $0 { return true }; return false }) {
                        resync(restore)
                        t = nextToken()
                        attributes = nil
                    } else {
                        report(.UnexpectedAttribute, [attrs[0].typeName.fullName], attrs[0].range)
                    }
                } else if t.kind.isKeyword {
                    if let bad = attrs.first(where: { if case .typeConstraint = $0 { return true }; return false }) {
                        report(.TypeNotAllowedBeforeStatement, [bad.typeName.fullName], bad.range)
                    }
                } else {
                    resync(restore)
                    t = nextToken()
                    attributes = nil
                }
            }
        }

        switch t.kind {
        case .kwIf: return ifStatementRule(t)
        case .kwSwitch: return switchStatementRule(label: nil, t)
        case .kwForeach: return foreachStatementRule(label: nil, t)
        case .kwFor: return forStatementRule(label: nil, t)
        case .kwWhile: return whileStatementRule(label: nil, t)
        case .kwDo: return doStatementRule(label: nil, t)
        case .kwFunction, .kwFilter, .kwWorkflow: return functionDeclarationRule(t)
        case .kwReturn:
            let p = pipelineChainRule()
            return .return(p, t.range.union(p?.range ?? t.range))
        case .kwThrow:
            let p = pipelineChainRule()
            return .throw(p, t.range.union(p?.range ?? t.range))
        case .kwExit:
            let p = pipelineChainRule()
            return .exit(p, t.range.union(p?.range ?? t.range))
        case .kwBreak:
            let label = labelOrKeyRule()
            return .break(label, t.range.union(label?.range ?? t.range))
        case .kwContinue:
            let label = labelOrKeyRule()
            return .continue(label, t.range.union(label?.range ?? t.range))
        case .kwTrap: return trapStatementRule(t)
        case .kwTry: return tryStatementRule(t)
        case .kwData: return dataStatementRule(t)
        case .kwClass: return classDefinitionRule(attributes ?? [], t)
        case .kwEnum: return enumDefinitionRule(attributes ?? [], t)
        case .kwUsing:
            let s = usingStatementRule(t)
            report(.UsingMustBeAtStartOfScript, [], s.range)
            return s
        case .kwFrom, .kwDefine, .kwVar:
            report(.ReservedKeywordNotAllowed, [text(t).lowercased()], t.range)
            return .error(t.range)
        case .label:
            skipNewlines()
            return labeledStatementRule(t)
        case .endOfInput:
            if attributes != nil {
                resync(restore)
                return pipelineChainRule()
            }
            ungetToken(t)
            return nil
        case .kwElse, .kwElseIf, .kwCatch, .kwUntil:
            if hasErrors {
                // After an error these are most likely orphans of a broken statement.
                skipNewlines()
                return statementRule()
            }
            ungetToken(t)
            return pipelineChainRule()
        default:
            if attributes != nil { resync(restore) } else { ungetToken(t) }
            return pipelineChainRule()
        }
    }

    func labeledStatementRule(_ label: Token) -> Statement? {
        guard case .label(let name) = label.value else { return pipelineChainRule() }
        let t = nextToken()
        switch t.kind {
        case .kwSwitch: return switchStatementRule(label: (name, label.range), t)
        case .kwForeach: return foreachStatementRule(label: (name, label.range), t)
        case .kwFor: return forStatementRule(label: (name, label.range), t)
        case .kwWhile: return whileStatementRule(label: (name, label.range), t)
        case .kwDo: return doStatementRule(label: (name, label.range), t)
        default:
            resync(label)
            return pipelineChainRule()
        }
    }

    /// A loop label or hashtable key: a simple name, or any unary expression.
    func labelOrKeyRule() -> Expression? {
        if let name = simpleNameRule() { return name }
        let t = peekToken()
        guard t.kind != .newLine && t.kind != .semi else { return nil }
        let old = disableCommaOperator
        disableCommaOperator = true
        defer { disableCommaOperator = old }
        return unaryExpressionRule()
    }

    // if-statement: 'if' '(' pipeline-chain ')' statement-block
    //               ('elseif' '(' pipeline-chain ')' statement-block)* ('else' statement-block)?
    func ifStatementRule(_ ifToken: Token) -> Statement {
        var clauses: [(condition: Statement, body: StatementBlock)] = []
        var elseBody: StatementBlock? = nil
        var keyword = ifToken
        while true {
            skipNewlines()
            let lParen = nextToken()
            guard lParen.kind == .lParen else {
                ungetToken(lParen)
                report(.MissingOpenParenthesisInIfStatement, [text(keyword)], after(keyword.range), incomplete: true)
                return .error(ifToken.range.union(keyword.range))
            }
            skipNewlines()
            var condition: Statement
            if let c = pipelineChainRule() {
                condition = c
            } else {
                report(.IfStatementMissingCondition, [text(keyword)], after(lParen.range), incomplete: true)
                condition = .error(after(lParen.range))
            }
            skipNewlines()
            let rParen = nextToken()
            guard rParen.kind == .rParen else {
                ungetToken(rParen)
                if case .error = condition {} else {
                    report(.MissingEndParenthesisAfterStatement, [text(keyword)], rParen.range, incomplete: true)
                }
                return .error(ifToken.range.union(before(rParen.range)))
            }
            skipNewlines()
            guard let body = statementBlockRule() else {
                report(.MissingStatementBlock, [text(keyword)], rParen.range, incomplete: true)
                return .error(ifToken.range.union(rParen.range))
            }
            clauses.append((condition, body))
            let restore = restorePoint
            skipNewlines()
            keyword = peekToken()
            if keyword.kind == .kwElseIf {
                skipToken()
                continue
            } else if keyword.kind == .kwElse {
                skipToken()
                skipNewlines()
                guard let e = statementBlockRule() else {
                    report(.MissingStatementBlockAfterElse, [], after(keyword.range), incomplete: true)
                    return .error(ifToken.range.union(keyword.range))
                }
                elseBody = e
            } else {
                resync(restore)
            }
            break
        }
        let end = elseBody?.range ?? clauses[clauses.count - 1].body.range
        return .if(IfStatement(clauses: clauses, elseBody: elseBody, range: ifToken.range.union(end)))
    }

    /// Is a `[` next (across blanks), with no lookahead token pending?
    func atRawLBracket() -> Bool {
        guard ungot == nil else { return ungot!.kind == .lBracket }
        let save = lexer.pos
        lexer.skipSpace()
        let found = lexer.peek() == 0x5B
        lexer.pos = save
        return found
    }

    func parameterName(_ t: Token) -> String {
        if case .parameter(let name, _) = t.value { return name }
        return text(t)
    }

    /// `-reg` matches `regex`: a parameter may be any unambiguous prefix.
    func isParameter(_ t: Token, _ full: String) -> Bool {
        let name = parameterName(t).lowercased()
        return !name.isEmpty && full.hasPrefix(name)
    }

    // switch-statement: 'switch' switch-parameter* ('(' pipeline ')' | '-file' name) '{' clause+ '}'
    func switchStatementRule(label: (String, SourceRange)?, _ switchToken: Token) -> Statement {
        let start = label?.1 ?? switchToken.range
        var endError = start
        var isError = false
        var isIncomplete = false
        var flags: SwitchFlags = []
        var condition: Statement? = nil
        skipNewlines()
        var t = peekToken()
        while t.kind == .parameter {
            skipToken()
            endError = t.range
            if isParameter(t, "regex") {
                flags.insert(.regex); flags.remove(.wildcard)
            } else if isParameter(t, "wildcard") {
                flags.insert(.wildcard); flags.remove(.regex)
            } else if isParameter(t, "exact") {
                flags.remove(.regex); flags.remove(.wildcard)
            } else if isParameter(t, "casesensitive") {
                flags.insert(.caseSensitive)
            } else if isParameter(t, "parallel") {
                flags.insert(.parallel)
            } else if isParameter(t, "file") {
                flags.insert(.file)
                skipNewlines()
                if let file = singleCommandArgument(.fileName) {
                    endError = file.range
                    let element = PipelineElement.expression(CommandExpression(expression: file, redirections: [], range: file.range))
                    condition = .pipeline(Pipeline(elements: [element], background: false, range: file.range))
                } else {
                    isError = true
                    isIncomplete = true
                    report(.MissingFilenameOption, [], after(t.range), incomplete: true)
                }
            } else {
                isError = true
                report(.InvalidSwitchFlag, [parameterName(t)], t.range)
            }
            t = peekToken()
        }
        let lParen = peekToken()
        if lParen.kind == .lParen {
            endError = lParen.range
            skipToken()
            if flags.contains(.file) {
                isError = true
                report(.PipelineValueRequired, [], lParen.range)
            }
            skipNewlines()
            if let c = pipelineChainRule() {
                condition = c
                endError = c.range
            } else {
                isError = true
                isIncomplete = true
                report(.PipelineValueRequired, [], after(lParen.range), incomplete: true)
            }
            skipNewlines()
            let rParen = nextToken()
            if rParen.kind != .rParen {
                ungetToken(rParen)
                if !isIncomplete {
                    isError = true
                    isIncomplete = true
                    report(.MissingEndParenthesisInSwitchStatement, [], after(endError), incomplete: true)
                }
            } else {
                endError = rParen.range
            }
        } else if condition == nil && !flags.contains(.file) {
            isError = true
            isIncomplete = true
            report(.PipelineValueRequired, [], after(endError), incomplete: true)
        }

        skipNewlines()
        let lCurly = nextToken()
        var clauses: [(condition: Expression, body: StatementBlock)] = []
        var defaultBody: StatementBlock? = nil
        var rCurly: Token? = nil
        if lCurly.kind != .lCurly {
            ungetToken(lCurly)
            if !isIncomplete {
                isError = true
                report(.MissingCurlyBraceInSwitchStatement, [], after(endError), incomplete: true)
            }
        } else {
            endError = lCurly.range
            skipNewlines()
            while true {
                let tok = peekToken()
                let isDefault = tok.kind == .kwDefault
                let clauseCondition: Expression
                if isDefault {
                    skipToken()
                    clauseCondition = .string(StringConstant(value: text(tok), kind: .bareword, range: tok.range))
                } else if let c = singleCommandArgument(.switchCondition) {
                    clauseCondition = c
                } else {
                    isError = true
                    report(.MissingSwitchConditionExpression, [], after(endError), incomplete: true)
                    if peekToken().kind == .rCurly { skipToken() }
                    break
                }
                endError = clauseCondition.range
                if let body = statementBlockRule() {
                    endError = body.range
                    if isDefault {
                        if defaultBody != nil {
                            isError = true
                            report(.MultipleSwitchDefaultClauses, [], clauseCondition.range)
                        }
                        defaultBody = body
                    } else {
                        clauses.append((clauseCondition, body))
                    }
                } else {
                    isError = true
                    isIncomplete = true
                    report(.MissingSwitchStatementClause, [], after(endError), incomplete: true)
                }
                skipNewlinesAndSemicolons()
                let next = peekToken()
                if next.kind == .rCurly {
                    rCurly = next
                    skipToken()
                    break
                }
                if next.kind == .endOfInput {
                    if !isIncomplete {
                        isError = true
                        report(.MissingEndCurlyBrace, [], lCurly.range, incomplete: true)
                    }
                    break
                }
            }
        }
        if isError { return .error(start.union(endError)) }
        return .switch(SwitchStatement(label: label?.0, flags: flags,
                                       condition: condition ?? .error(start),
                                       clauses: clauses, defaultBody: defaultBody,
                                       range: start.union(rCurly?.range ?? endError)))
    }

    // function-statement: ('function'|'filter'|'workflow') name ('(' parameter-list ')')? '{' script-block '}'
    func functionDeclarationRule(_ functionToken: Token) -> Statement {
        skipNewlines()
        let nameToken = nextToken()
        switch nameToken.kind {
        case .pipe, .lParen, .lCurly, .atParen, .atCurly, .rCurly, .rParen, .endOfInput, .semi,
             .redirection, .redirectInStd, .andAnd, .orOr, .ampersand, .variable, .splattedVariable,
             .hereStringExpandable, .hereStringLiteral, .stringLiteral, .stringExpandable, .newLine:
            ungetToken(nameToken)
            report(.MissingNameAfterKeyword, [text(functionToken).lowercased()], after(functionToken.range), incomplete: true)
            return .error(functionToken.range)
        default:
            break
        }
        let name: String
        switch nameToken.value {
        case .text(let s): name = s
        case .expandable(let s, _): name = s
        default: name = text(nameToken)
        }
        var endError: SourceRange? = nil
        var parameters: [Parameter]? = nil
        skipNewlines()
        let lParen = peekToken()
        var rParenRange: SourceRange? = nil
        if lParen.kind == .lParen {
            skipToken()
            parameters = parameterListRule()
            skipNewlines()
            let rParen = nextToken()
            if rParen.kind != .rParen {
                ungetToken(rParen)
                endError = parameters?.last?.range ?? lParen.range
                report(.MissingEndParenthesisInFunctionParameterList, [], after(endError!), incomplete: true)
            } else {
                rParenRange = rParen.range
            }
            skipNewlines()
        }
        let lCurly = nextToken()
        if lCurly.kind != .lCurly {
            ungetToken(lCurly)
            if endError == nil {
                endError = rParenRange ?? nameToken.range
                report(.MissingFunctionBody, [], after(endError!), incomplete: true)
            }
        }
        if let e = endError { return .error(functionToken.range.union(e)) }
        let body = withMode(.command) { scriptBlockRule(lCurly: lCurly, isFilter: functionToken.kind == .kwFilter) }
        return .function(FunctionDefinition(name: name, nameRange: nameToken.range,
                                            isFilter: functionToken.kind == .kwFilter,
                                            isWorkflow: functionToken.kind == .kwWorkflow,
                                            parameters: parameters, body: body,
                                            range: functionToken.range.union(body.range)))
    }

    // trap-statement: 'trap' type-literal? statement-block
    func trapStatementRule(_ trapToken: Token) -> Statement {
        skipNewlines()
        let type = attributeRule()
        var typeName: TypeName? = nil
        if let type {
            if case .typeConstraint(let t, _) = type { typeName = t } else {
                report(.UnexpectedAttribute, [type.typeName.fullName], type.range)
            }
        }
        guard let body = statementBlockRule() else {
            report(.MissingTrapStatement, [], after(type?.range ?? trapToken.range), incomplete: true)
            return .error(trapToken.range.union(type?.range ?? trapToken.range))
        }
        return .trap(TrapStatement(type: typeName, body: body, range: trapToken.range.union(body.range)))
    }

    // try-statement: 'try' statement-block catch-clause* finally-clause?
    func tryStatementRule(_ tryToken: Token) -> Statement {
        skipNewlines()
        guard let body = statementBlockRule() else {
            report(.MissingTryStatementBlock, [], after(tryToken.range), incomplete: true)
            return .error(tryToken.range)
        }
        var catches: [CatchClause] = []
        var endError: SourceRange? = nil
        var end = body.range
        while true {
            let restore = restorePoint
            skipNewlines()
            let catchToken = nextToken()
            guard catchToken.kind == .kwCatch else {
                resync(restore)
                break
            }
            var types: [TypeName] = []
            var last = catchToken.range
            var failed = false
            while true {
                skipNewlines()
                guard let attr = attributeRule() else { break }
                if case .typeConstraint(let t, let r) = attr {
                    types.append(t)
                    last = r
                } else {
                    report(.UnexpectedAttribute, [attr.typeName.fullName], attr.range)
                }
                skipNewlines()
                let comma = peekToken()
                guard comma.kind == .comma else { break }
                skipToken()
                last = comma.range
                skipNewlines()
                if !atRawLBracket() {
                    report(.MissingTypeLiteralToken, [], after(comma.range), incomplete: true)
                    failed = true
                    break
                }
            }
            if failed { endError = last; break }
            guard let handler = statementBlockRule() else {
                report(.MissingCatchHandlerBlock, [], after(last), incomplete: true)
                endError = last
                break
            }
            catches.append(CatchClause(types: types, body: handler, range: catchToken.range.union(handler.range)))
            end = handler.range
        }
        var finallyBlock: StatementBlock? = nil
        if endError == nil {
            let restore = restorePoint
            skipNewlines()
            let finallyToken = nextToken()
            if finallyToken.kind == .kwFinally {
                if let f = statementBlockRule() {
                    finallyBlock = f
                    end = f.range
                } else {
                    report(.MissingFinallyStatementBlock, [], after(finallyToken.range), incomplete: true)
                    endError = finallyToken.range
                }
            } else {
                resync(restore)
            }
        }
        if let e = endError { return .error(tryToken.range.union(e)) }
        if catches.isEmpty && finallyBlock == nil {
            report(.MissingCatchOrFinally, [], after(body.range), incomplete: true)
            return .error(tryToken.range.union(body.range))
        }
        return .try(TryStatement(body: body, catches: catches, finally: finallyBlock, range: tryToken.range.union(end)))
    }

    // data-statement: 'data' name? ('-supportedcommand' command-list)? statement-block
    func dataStatementRule(_ dataToken: Token) -> Statement {
        skipNewlines()
        var name: String? = nil
        if let n = simpleNameRule(), case .string(let s) = n { name = s.value }
        var commands: [Expression] = []
        skipNewlines()
        let t = peekToken()
        if t.kind == .parameter {
            skipToken()
            if isParameter(t, "supportedcommand") {
                while true {
                    skipNewlines()
                    guard let c = singleCommandArgument(.commandArgument) else { break }
                    commands.append(c)
                    let comma = peekToken()
                    guard comma.kind == .comma else { break }
                    skipToken()
                }
            } else {
                report(.UnexpectedToken, [text(t)], t.range)
            }
        }
        guard let body = statementBlockRule() else {
            report(.MissingStatementAfterKeyword, ["data"], after(dataToken.range), incomplete: true)
            return .error(dataToken.range)
        }
        return .data(DataStatement(variable: name, supportedCommands: commands, body: body,
                                   range: dataToken.range.union(body.range)))
    }

    // using-statement: 'using' ('namespace'|'module'|'assembly'|'type'|'command') name ('=' name)?
    func usingStatementRule(_ usingToken: Token) -> Statement {
        let kindToken = nextToken()
        let kind: UsingStatement.Kind
        switch kindToken.kind {
        case .kwNamespace: kind = .namespace
        case .kwModule: kind = .module
        case .kwAssembly: kind = .assembly
        case .kwType: kind = .type
        case .kwCommand: kind = .command
        default:
            ungetToken(kindToken)
            report(.MissingUsingStatementDirective, [], after(usingToken.range), incomplete: true)
            return .error(usingToken.range)
        }
        guard let name = singleCommandArgument(.commandArgument) else {
            report(.MissingUsingItemName, [], after(kindToken.range), incomplete: true)
            return .error(usingToken.range.union(kindToken.range))
        }
        var alias: Expression? = nil
        var end = name.range
        let eq = peekToken()
        if eq.kind == .equals || (eq.kind == .generic && text(eq) == "=") {
            skipToken()
            alias = singleCommandArgument(.commandArgument)
            end = alias?.range ?? eq.range
        }
        if let a = alias { return .using(UsingStatement(kind: kind, name: a, alias: name, range: usingToken.range.union(end))) }
        return .using(UsingStatement(kind: kind, name: name, alias: nil, range: usingToken.range.union(end)))
    }
}
