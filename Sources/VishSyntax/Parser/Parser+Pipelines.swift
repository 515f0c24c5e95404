/// Where a command argument appears; it decides how a bareword is read.
enum ArgumentContext {
    case commandName, commandNameAfterInvocation, fileName, commandArgument, switchCondition

    var isCommandName: Bool { self == .commandName || self == .commandNameAfterInvocation }
}

extension Parser {
    // pipeline-chain: assignment | pipeline (('&&'|'||') pipeline)* '&'?
    func pipelineChainRule() -> Statement? {
        var assignToken: Token? = nil
        let expr: Expression? = withMode(.expression) {
            let e = expressionRule()
            if e != nil {
                let t = peekToken()
                if t.kind.isAssignmentOperator {
                    skipToken()
                    assignToken = t
                }
            }
            return e
        }
        if let target = expr, let op = assignToken {
            skipNewlines()
            var value: Statement
            if let s = statementRule() {
                value = s
            } else {
                report(.ExpectedValueExpression, [op.kind.text], after(op.range), incomplete: true)
                value = .error(after(op.range))
            }
            return .assignment(Assignment(target: target, op: op.kind, value: value,
                                          range: target.range.union(value.range)))
        }

        var start = expr
        var chain: Statement? = nil
        var chainOp: Token? = nil
        var links = 0
        while true {
            let first = peekToken()
            let pipeline: Pipeline?
            if let s = start {
                pipeline = pipelineRule(startExpression: s)
                start = nil
            } else {
                pipeline = pipelineRule(startExpression: nil)
            }
            guard let next = pipeline else {
                guard let op = chainOp, let left = chain else { return nil }
                switch first.kind {
                case .endOfInput:
                    report(.EmptyPipelineChainElement, [op.kind.text], after(op.range), incomplete: true)
                case .dot, .ampersand:
                    break
                default:
                    report(.EmptyPipelineChainElement, [op.kind.text], op.range.union(first.range))
                }
                return .error(left.range.union(op.range))
            }
            var t = peekToken()
            var background = false
            switch t.kind {
            case .andAnd, .orOr:
                skipToken()
                skipNewlines()
            case .ampersand:
                skipToken()
                let after = peekToken()
                if after.kind == .andAnd || after.kind == .orOr {
                    skipToken()
                    report(.BackgroundOperatorInPipelineChain, [], after.range)
                    return .error((chain?.range ?? next.range).union(after.range))
                }
                background = true
                fallthrough
            default:
                guard let left = chain, let op = chainOp else {
                    var p = next
                    p.background = background
                    return .pipeline(p)
                }
                return .pipelineChain(PipelineChain(left: left, op: op.kind, right: next,
                                                    background: background, range: left.range.union(next.range)))
            }
            if let left = chain, let op = chainOp {
                links += 1
                guard chainFits(links, at: op.range) else { return chain }
                chain = .pipelineChain(PipelineChain(left: left, op: op.kind, right: next, background: false,
                                                     range: left.range.union(next.range)))
            } else {
                chain = .pipeline(next)
            }
            chainOp = t
            t = peekToken()
            if t.kind == .endOfInput {
                report(.EmptyPipelineChainElement, [chainOp!.kind.text], after(chainOp!.range), incomplete: true)
                return chain
            }
        }
    }

    // pipeline: expression redirection* ('|' command)* | command ('|' command)*
    func pipelineRule(startExpression: Expression?) -> Pipeline? {
        var elements: [PipelineElement] = []
        var expr = startExpression
        var lastPipe: Token? = nil
        while true {
            if expr == nil {
                expr = withMode(.expression) { expressionRule() }
            }
            var element: PipelineElement? = nil
            if let e = expr {
                if !elements.isEmpty {
                    report(.ExpressionsMustBeFirstInPipeline, [], e.range)
                }
                var redirections: [RedirectionNode] = []
                var seen = Set<Int>()
                while true {
                    let t = peekToken()
                    guard t.kind == .redirection || t.kind == .redirectInStd else { break }
                    skipToken()
                    if let r = redirectionRule(t, seen: &seen) { redirections.append(r) }
                }
                let range = e.range.union(redirections.last?.range ?? e.range)
                element = .expression(CommandExpression(expression: e, redirections: redirections, range: range))
            } else if let c = commandRule() {
                element = .command(c)
            }
            if let element {
                elements.append(element)
            } else if !elements.isEmpty || peekToken().kind == .pipe {
                let at = lastPipe.map { after($0.range) } ?? peekToken().range
                report(.EmptyPipeElement, [], at, incomplete: true)
            }
            expr = nil
            var next = peekToken()
            if next.kind == .newLine && lexer.isPipeContinuation(after: next.range.end) {
                skipNewlines()
                next = peekToken()
            }
            var scanning = true
            switch next.kind {
            case .semi, .newLine, .rParen, .rCurly, .endOfInput, .andAnd, .orOr, .ampersand:
                scanning = false
            case .pipe:
                skipToken()
                skipNewlines()
                lastPipe = next
                if peekToken().kind == .endOfInput {
                    scanning = false
                    report(.EmptyPipeElement, [], after(next.range), incomplete: true)
                }
            default:
                report(.UnexpectedToken, [text(next)], next.range)
                scanning = false
            }
            if !scanning { break }
        }
        guard let first = elements.first, let last = elements.last else { return nil }
        return Pipeline(elements: elements, background: false, range: first.range.union(last.range))
    }

    // redirection: '2>&1' | ('>'|'>>'|'2>'…) file-name
    func redirectionRule(_ t: Token, seen: inout Set<Int>) -> RedirectionNode? {
        guard case .redirection(let r) = t.value else { return nil }
        var node: RedirectionNode
        if r.mergeTo == nil {
            var target = singleCommandArgument(.fileName)
            if target == nil {
                report(.MissingFileSpecification, [], after(t.range))
                target = .error([], t.range)
            }
            if r.isInput {
                report(.RedirectionNotSupported, [text(t)], t.range)
                return nil
            }
            node = RedirectionNode(redirection: r, target: target, range: t.range.union(target!.range))
        } else {
            if r.mergeTo != .output || r.from == r.mergeTo {
                report(.RedirectionNotSupported, [text(t)], t.range)
            }
            var merged = r
            merged.mergeTo = .output
            node = RedirectionNode(redirection: merged, target: nil, range: t.range)
        }
        if seen.contains(r.from.rawValue) {
            let names = ["* stream", "output stream", "error stream", "warning stream", "verbose stream",
                         "debug stream", "information stream"]
            report(.StreamAlreadyRedirected, [names[r.from.rawValue]], node.range)
        } else {
            seen.insert(r.from.rawValue)
        }
        return node
    }

    /// One command argument read in command mode (a redirection's file name, a switch
    /// clause's condition, `-file`'s argument).
    func singleCommandArgument(_ context: ArgumentContext) -> Expression? {
        let t = peekToken()
        if t.kind == .comma || t.kind == .endOfInput { return nil }
        return withMode(.command) { commandArgument(context, nextToken()) }
    }

    /// Reads a command argument starting at `token`: a value, a bareword, or (as a plain
    /// argument) a comma-separated list of them.
    func commandArgument(_ context: ArgumentContext, _ first: Token) -> Expression? {
        var token = first
        var list: [Expression] = []
        var comma: Token? = nil
        var verbatim = false
        var expr: Expression
        while true {
            switch token.kind {
            case .pipe, .rCurly, .rParen, .endOfInput, .newLine, .semi, .redirection, .redirectInStd,
                 .andAnd, .orOr, .ampersand, .minusMinus, .comma:
                ungetToken(token)
                guard let c = comma else { return nil }
                report(.MissingExpression, [","], after(c.range), incomplete: true)
                return .error(list, list[0].range.union(c.range))
            case .splattedVariable, .variable, .number, .hereStringExpandable, .stringExpandable,
                 .hereStringLiteral, .stringLiteral, .lParen, .dollarParen, .atParen, .atCurly, .lCurly:
                ungetToken(token)
                expr = primaryExpressionRule(withMemberAccess: true) ?? .error([], token.range)
            case .generic:
                switch token.value {
                case .expandable(let value, let parts) where !context.isCommandName:
                    expr = .expandableString(expandableString(value, parts, kind: .bareword, range: token.range))
                case .expandable(let value, _), .text(let value):
                    expr = .string(StringConstant(value: value, kind: .bareword, range: token.range))
                    if value == "--%" { verbatim = true }
                default:
                    expr = .string(StringConstant(value: text(token), kind: .bareword, range: token.range))
                }
            default:
                // Keywords, operators and labels are plain words here.
                expr = .string(StringConstant(value: text(token), kind: .bareword, range: token.range))
            }
            if context != .commandArgument || verbatim { break }
            let next = peekToken()
            guard next.kind == .comma else { break }
            comma = next
            list.append(expr)
            skipToken()
            skipNewlines()
            token = nextToken()
        }
        if !list.isEmpty {
            list.append(expr)
            return .arrayLiteral(list, list[0].range.union(expr.range))
        }
        return expr
    }

    // command: ('&'|'.')? command-name command-element*
    func commandRule() -> Command? {
        withMode(.command) {
            var token = nextToken()
            let firstToken = token
            var end = token.range
            var invocation = InvocationOperator.none
            var context = ArgumentContext.commandName
            if token.kind == .dot {
                invocation = .dot
                token = nextToken()
                context = .commandNameAfterInvocation
            } else if token.kind == .ampersand {
                invocation = .ampersand
                token = nextToken()
                context = .commandNameAfterInvocation
            }
            var elements: [CommandElement] = []
            var redirections: [RedirectionNode] = []
            var seen = Set<Int>()
            var sawDashDash = false
            var foundVerbatim = false
            scanning: while true {
                switch token.kind {
                case .pipe, .rCurly, .rParen, .endOfInput, .newLine, .semi, .andAnd, .orOr, .ampersand:
                    ungetToken(token)
                    break scanning
                case .minusMinus:
                    end = token.range
                    if sawDashDash || context.isCommandName {
                        elements.append(.argument(.string(StringConstant(value: text(token), kind: .bareword, range: token.range))))
                    } else {
                        elements.append(.parameter(CommandParameter(name: "-", argument: nil, usedColon: false, range: token.range)))
                    }
                    sawDashDash = true
                case .comma:
                    end = token.range
                    report(.MissingArgument, [], token.range)
                    skipNewlines()
                case .parameter:
                    guard case .parameter(let name, let usedColon) = token.value else { break }
                    if context.isCommandName || sawDashDash {
                        end = token.range
                        elements.append(.argument(.string(StringConstant(value: text(token), kind: .bareword, range: token.range))))
                        break
                    }
                    var argument: Expression? = nil
                    var range = token.range
                    if usedColon && peekToken().kind != .comma {
                        argument = commandArgument(.commandArgument, nextToken())
                        if let a = argument {
                            range = token.range.union(a.range)
                        } else {
                            report(.ParameterRequiresArgument, [text(token)], after(token.range))
                        }
                    }
                    end = range
                    elements.append(.parameter(CommandParameter(name: name, argument: argument, usedColon: usedColon, range: range)))
                case .redirection, .redirectInStd:
                    if context.isCommandName {
                        end = token.range
                        elements.append(.argument(.string(StringConstant(value: text(token), kind: .bareword, range: token.range))))
                    } else if let r = redirectionRule(token, seen: &seen) {
                        redirections.append(r)
                        end = r.range
                    } else {
                        end = token.range
                    }
                default:
                    guard let arg = commandArgument(context, token) else { break }
                    end = arg.range
                    elements.append(.argument(arg))
                    if case .string(let s) = arg, s.kind == .bareword, s.value == "--%", !context.isCommandName,
                       ungot == nil || ungot?.kind == .parameter {
                        ungot = nil
                        if let v = lexer.verbatimArgument() {
                            foundVerbatim = true
                            if case .text(let raw) = v.value {
                                elements.append(.argument(.string(StringConstant(value: raw, kind: .bareword, range: v.range))))
                                end = v.range
                            }
                        }
                    }
                }
                if foundVerbatim { break scanning }
                context = .commandArgument
                token = nextToken()
            }
            if elements.isEmpty {
                if invocation != .none {
                    report(.MissingExpression, [text(firstToken)], firstToken.range)
                }
                return nil
            }
            return Command(elements: elements, invocation: invocation, redirections: redirections,
                           range: firstToken.range.union(end))
        }
    }
}
