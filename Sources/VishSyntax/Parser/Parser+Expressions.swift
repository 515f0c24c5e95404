extension Parser {
    // expression: binary-expression ('?' expression ':' expression)?
    func expressionRule(endNumberOnTernary: Bool = false) -> Expression? {
        guard enter(.point(lexer.pos)) else {
            leave()
            return nil
        }
        defer { leave() }
        return withMode(.expression) {
            guard let condition = binaryExpressionRule(endNumberOnTernary: endNumberOnTernary) else { return nil }
            let q = peekToken()
            guard q.kind == .questionMark else { return condition }
            skipToken()
            skipNewlines()
            var ifTrue: Expression
            if let e = expressionRule(endNumberOnTernary: true) {
                ifTrue = e
            } else {
                report(.ExpectedValueExpression, ["?"], after(q.range), incomplete: true)
                ifTrue = .error([], after(q.range))
            }
            skipNewlines()
            let colon = nextToken()
            guard colon.kind == .colon else {
                ungetToken(colon)
                if case .error = ifTrue {} else {
                    report(.MissingColonInTernaryExpression, [], colon.range, incomplete: true)
                }
                return .error([condition, ifTrue], condition.range.union(before(colon.range)))
            }
            skipNewlines()
            var ifFalse: Expression
            if let e = expressionRule(endNumberOnTernary: true) {
                ifFalse = e
            } else {
                report(.ExpectedValueExpression, [":"], after(colon.range), incomplete: true)
                ifFalse = .error([], after(colon.range))
            }
            return .ternary(TernaryExpression(condition: condition, ifTrue: ifTrue, ifFalse: ifFalse,
                                              range: condition.range.union(ifFalse.range)))
        }
    }

    /// Operands joined by binary operators, folded by precedence (all left-associative).
    func binaryExpressionRule(endNumberOnTernary: Bool = false) -> Expression? {
        withMode(.expression) {
            guard var first = arrayLiteralRule(endNumberOnTernary: endNumberOnTernary) else { return nil }
            var token = peekToken()
            if !token.kind.isBinaryOperator {
                if token.kind == .parameter { return parameterInExpression(token, first) }
                return first
            }
            skipToken()
            var operands: [Expression] = [first]
            var operators: [Token] = [token]
            var trailingParameter: Token? = nil
            var links = 0
            while true {
                skipNewlines()
                var operand: Expression
                if let e = arrayLiteralRule(endNumberOnTernary: true) {
                    operand = e
                } else {
                    report(.ExpectedValueExpression, [token.kind.text], after(token.range), incomplete: true)
                    operand = .error([], after(token.range))
                }
                operands.append(operand)
                links += 1
                guard chainFits(links, at: operand.range) else { break }
                token = nextToken()
                if !token.kind.isBinaryOperator {
                    if token.kind == .parameter { trailingParameter = token }
                    ungetToken(token)
                    break
                }
                // Reduce while the stacked operator binds at least as tightly.
                while let top = operators.last, token.kind.binaryPrecedence <= top.kind.binaryPrecedence {
                    let rhs = operands.removeLast()
                    let lhs = operands.removeLast()
                    operators.removeLast()
                    operands.append(binary(lhs, top, rhs))
                }
                operators.append(token)
            }
            while let op = operators.popLast() {
                let rhs = operands.removeLast()
                let lhs = operands.removeLast()
                operands.append(binary(lhs, op, rhs))
            }
            first = operands[0]
            if let p = trailingParameter { return parameterInExpression(p, first) }
            return first
        }
    }

    private func binary(_ lhs: Expression, _ op: Token, _ rhs: Expression) -> Expression {
        .binary(BinaryExpression(op: op.kind, left: lhs, right: rhs, operatorRange: op.range,
                                 range: lhs.range.union(rhs.range)))
    }

    /// `1 -foo`: a parameter where an operator belongs.
    private func parameterInExpression(_ p: Token, _ expr: Expression) -> Expression {
        report(.UnexpectedToken, [text(p)], p.range)
        skipToken()
        return .error([expr], expr.range.union(p.range))
    }

    // array-literal-expression: unary-expression (',' unary-expression)*
    func arrayLiteralRule(endNumberOnTernary: Bool = false) -> Expression? {
        guard let first = unaryExpressionRule(endNumberOnTernary: endNumberOnTernary) else { return nil }
        var comma = peekToken()
        guard comma.kind == .comma, !disableCommaOperator else { return first }
        var values = [first]
        var last = first
        while comma.kind == .comma {
            skipToken()
            skipNewlines()
            guard let e = unaryExpressionRule(endNumberOnTernary: true) else {
                report(.MissingExpressionAfterToken, [","], after(comma.range), incomplete: true)
                last = .error([], comma.range)
                values.append(last)
                break
            }
            values.append(e)
            last = e
            comma = peekToken()
        }
        return .arrayLiteral(values, first.range.union(last.range))
    }

    // unary-expression: primary-expression | unary-operator unary-expression | cast
    func unaryExpressionRule(endNumberOnTernary: Bool = false) -> Expression? {
        guard enter(.point(lexer.pos)) else {
            leave()
            return nil
        }
        defer { leave() }
        let oldSigned = lexer.allowSignedNumbers
        let oldTernary = lexer.forceEndNumberOnTernary
        lexer.allowSignedNumbers = true
        lexer.forceEndNumberOnTernary = endNumberOnTernary
        if let u = ungot, u.kind == .minus || (endNumberOnTernary && u.kind == .generic) {
            resync(u) // read it again: it may be a signed number now
        }
        var token = peekToken()
        lexer.allowSignedNumbers = oldSigned
        lexer.forceEndNumberOnTernary = oldTernary

        var expr: Expression? = nil
        if token.kind.isUnaryOperator {
            if disableCommaOperator && token.kind == .comma { return nil }
            skipToken()
            skipNewlines()
            guard let child = unaryExpressionRule(endNumberOnTernary: true) else {
                report(.MissingExpressionAfterOperator, [token.kind.text], after(token.range), incomplete: true)
                return .error([], token.range)
            }
            let range = token.range.union(child.range)
            switch token.kind {
            case .comma: expr = .arrayLiteral([child], range)
            case .minus: expr = .unary(UnaryExpression(op: .negate, operand: child, range: range))
            case .plus: expr = .unary(UnaryExpression(op: .plus, operand: child, range: range))
            case .not: expr = .unary(UnaryExpression(op: .not, operand: child, range: range))
            case .exclaim: expr = .unary(UnaryExpression(op: .exclaim, operand: child, range: range))
            case .bnot: expr = .unary(UnaryExpression(op: .bnot, operand: child, range: range))
            case .isplit: expr = .unary(UnaryExpression(op: .split, operand: child, range: range))
            case .csplit: expr = .unary(UnaryExpression(op: .csplit, operand: child, range: range))
            case .join: expr = .unary(UnaryExpression(op: .join, operand: child, range: range))
            case .plusPlus: expr = .unary(UnaryExpression(op: .preIncrement, operand: child, range: range))
            default: expr = .unary(UnaryExpression(op: .preDecrement, operand: child, range: range))
            }
        } else if token.kind == .lBracket {
            guard let attributes = attributeListRule(inExpressionMode: true), let last = attributes.last,
                  chainFits(attributes.count, at: last.range) else {
                return nil
            }
            if case .attribute(let attr) = last {
                skipNewlines()
                guard let child = unaryExpressionRule(endNumberOnTernary: true) else {
                    report(.UnexpectedAttribute, [attr.typeName.fullName], attr.range, incomplete: true)
                    return .error([], token.range.union(attr.range))
                }
                expr = .attributed(AttributedExpression(attribute: attr, operand: child, range: attr.range.union(child.range)))
            } else if case .typeConstraint(let typeName, let typeRange) = last {
                if ungot == nil, let op = nextMemberAccessToken(allowLBracket: false) {
                    expr = postPrimaryOperators(op, .type(typeName, typeRange))
                } else {
                    token = peekToken()
                    if token.kind != .newLine && token.kind != .comma,
                       let child = unaryExpressionRule(endNumberOnTernary: true) {
                        expr = .convert(ConvertExpression(type: typeName, typeRange: typeRange, operand: child,
                                                          range: typeRange.union(child.range)))
                    }
                }
                if expr == nil { expr = .type(typeName, typeRange) }
            }
            for a in attributes.dropLast().reversed() {
                switch a {
                case .typeConstraint(let t, let r):
                    expr = .convert(ConvertExpression(type: t, typeRange: r, operand: expr!, range: r.union(expr!.range)))
                case .attribute(let attr):
                    expr = .attributed(AttributedExpression(attribute: attr, operand: expr!, range: attr.range.union(expr!.range)))
                }
            }
        } else {
            expr = primaryExpressionRule(withMemberAccess: true)
        }

        if let e = expr {
            let t = peekToken()
            if t.kind == .plusPlus || t.kind == .minusMinus {
                skipToken()
                let op: UnaryOperator = t.kind == .plusPlus ? .postIncrement : .postDecrement
                return .unary(UnaryExpression(op: op, operand: e, range: e.range.union(t.range)))
            }
        }
        return expr
    }

    // primary-expression: value followed by member access, method calls and indexing
    func primaryExpressionRule(withMemberAccess: Bool) -> Expression? {
        let token = nextToken()
        var expr: Expression
        switch token.kind {
        case .variable, .splattedVariable:
            return variableExpression(token, withMemberAccess: withMemberAccess)
        case .number:
            guard case .number(let n) = token.value else { return nil }
            expr = .constant(n, token.range)
        case .stringLiteral:
            expr = .string(StringConstant(value: tokenText(token), kind: .singleQuoted, range: token.range))
        case .hereStringLiteral:
            expr = .string(StringConstant(value: tokenText(token), kind: .singleQuotedHere, range: token.range))
        case .stringExpandable, .hereStringExpandable:
            let kind: StringKind = token.kind == .stringExpandable ? .doubleQuoted : .doubleQuotedHere
            switch token.value {
            case .expandable(let value, let parts):
                expr = .expandableString(expandableString(value, parts, kind: kind, range: token.range))
            default:
                expr = .string(StringConstant(value: tokenText(token), kind: kind, range: token.range))
            }
        case .lParen:
            expr = parenthesizedExpressionRule(token)
        case .atParen, .dollarParen:
            expr = subExpressionRule(token)
        case .atCurly:
            expr = hashExpressionRule(token)
        case .lCurly:
            expr = scriptBlockExpressionRule(token)
        default:
            ungetToken(token)
            return nil
        }
        guard withMemberAccess else { return expr }
        return postPrimaryOperators(nextMemberAccessToken(allowLBracket: true), expr)
    }

    func tokenText(_ t: Token) -> String {
        if case .text(let s) = t.value { return s }
        return text(t)
    }

    func variableExpression(_ token: Token, withMemberAccess: Bool) -> Expression {
        guard case .variable(let path, let splatted) = token.value else { return .error([], token.range) }
        if path.qualifier?.lowercased() == "using" && !path.name.isEmpty {
            var child: Expression = .variable(VariableExpression(path: VariablePath(path.name), splatted: splatted, range: token.range))
            if withMemberAccess {
                child = postPrimaryOperators(nextMemberAccessToken(allowLBracket: true), child)
            }
            return .using(child, child.range)
        }
        let v: Expression = .variable(VariableExpression(path: path, splatted: splatted, range: token.range))
        guard withMemberAccess else { return v }
        return postPrimaryOperators(nextMemberAccessToken(allowLBracket: true), v)
    }

    /// `.member`, `::member`, `?.member`, `[index]`, `?[index]`, method calls, repeated.
    func postPrimaryOperators(_ first: Token?, _ start: Expression) -> Expression {
        var expr = start
        var token = first
        var length = 0
        while let t = token {
            length += 1
            guard chainFits(length, at: t.range) else { break }
            skipNewlines()
            if t.kind == .dot || t.kind == .colonColon || t.kind == .questionDot {
                expr = memberAccessRule(expr, t)
            } else if t.kind == .lBracket || t.kind == .questionLBracket {
                expr = elementAccessRule(expr, t)
            }
            token = nextMemberAccessToken(allowLBracket: true)
        }
        return expr
    }

    /// A bare identifier (a member, key or label name), or nil.
    func simpleNameRule() -> Expression? {
        lexer.wantSimpleName = true
        let t = peekToken()
        lexer.wantSimpleName = false
        guard t.kind == .identifier else { return nil }
        skipToken()
        return .string(StringConstant(value: text(t), kind: .bareword, range: t.range))
    }

    // member-name: simple-name | string | '$var' | '(' expr ')' | unary-expression
    func memberNameRule() -> Expression? {
        if let name = simpleNameRule() { return name }
        let t = peekToken()
        if t.kind.isUnaryOperator || t.kind == .lBracket { return unaryExpressionRule() }
        return primaryExpressionRule(withMemberAccess: false)
    }

    func memberAccessRule(_ target: Expression, _ op: Token) -> Expression {
        let isStatic = op.kind == .colonColon
        let nullConditional = op.kind == .questionDot
        guard let member = withMode(.expression, { memberNameRule() }) else {
            report(.MissingPropertyName, [], after(op.range), incomplete: true)
            let recovered = singleCommandArgument(.commandArgument) ?? .error([target], target.range.union(op.range))
            return .member(MemberExpression(target: target, member: recovered, isStatic: isStatic,
                                            nullConditional: nullConditional, range: target.range.union(recovered.range)))
        }
        if ungot == nil {
            let restore = lexer.pos
            let (generics, rBracket) = genericMethodArgumentsRule()
            if let lParen = nextInvokeMemberToken() {
                return memberInvokeRule(target, lParen, op, member, generics ?? [])
            }
            if rBracket != nil { resync(restore) }
        }
        return .member(MemberExpression(target: target, member: member, isStatic: isStatic,
                                        nullConditional: nullConditional, range: target.range.union(member.range)))
    }

    /// `.Method[string](…)`: generic method type arguments, tried and abandoned if no call follows.
    func genericMethodArgumentsRule() -> ([TypeName]?, Token?) {
        guard lexer.peek() == 0x5B else { return (nil, nil) }
        let restore = lexer.pos
        let lBracket = nextToken()
        guard lBracket.kind == .lBracket else {
            resync(restore)
            return (nil, nil)
        }
        let result: ([TypeName]?, Token?) = withMode(.typeName) {
            skipNewlines()
            let first = nextToken()
            guard first.kind == .identifier else { return (nil, nil) }
            let (args, close) = genericTypeArgumentsRule(first)
            guard close.kind == .rBracket else { return (nil, nil) }
            return (args, close)
        }
        if result.1 == nil { resync(restore) }
        return result
    }

    func memberInvokeRule(_ target: Expression, _ lParen: Token, _ op: Token, _ member: Expression, _ generics: [TypeName]) -> Expression {
        var arguments: [Expression]
        var last: SourceRange
        if lParen.kind == .lParen {
            (arguments, last) = invokeParenArgumentsRule(lParen)
        } else {
            skipNewlines()
            let block = scriptBlockExpressionRule(lParen)
            arguments = [block]
            last = block.range
        }
        return .invokeMember(InvokeMemberExpression(target: target, member: member, arguments: arguments,
                                                    genericArguments: generics, isStatic: op.kind == .colonColon,
                                                    nullConditional: op.kind == .questionDot,
                                                    range: target.range.union(last)))
    }

    // argument-list: (expression (',' expression)*)? ')'
    func invokeParenArgumentsRule(_ lParen: Token) -> ([Expression], SourceRange) {
        var arguments: [Expression] = []
        var comma: Token? = nil
        var reported = false
        let oldComma = disableCommaOperator
        disableCommaOperator = true
        defer { disableCommaOperator = oldComma }
        return withMode(.expression) {
            while true {
                skipNewlines()
                guard let arg = expressionRule() else {
                    if let c = comma {
                        report(.MissingExpressionAfterToken, [","], after(c.range), incomplete: true)
                        reported = true
                    }
                    break
                }
                arguments.append(arg)
                skipNewlines()
                let c = nextToken()
                guard c.kind == .comma else {
                    ungetToken(c)
                    comma = nil
                    break
                }
                comma = c
            }
            skipNewlines()
            let rParen = nextToken()
            if rParen.kind != .rParen {
                ungetToken(rParen)
                if !reported {
                    report(.MissingEndParenthesisInMethodCall, [], after(arguments.last?.range ?? lParen.range), incomplete: true)
                }
                return (arguments, comma?.range ?? arguments.last?.range ?? lParen.range)
            }
            return (arguments, rParen.range)
        }
    }

    // element-access: primary-expression '[' expression ']'
    func elementAccessRule(_ target: Expression, _ lBracket: Token) -> Expression {
        skipNewlines()
        let oldComma = disableCommaOperator
        disableCommaOperator = false
        var index = expressionRule()
        disableCommaOperator = oldComma
        if index == nil {
            report(.MissingArrayIndexExpression, [], after(lBracket.range), incomplete: true)
            index = .error([], lBracket.range)
        }
        skipNewlines()
        let rBracket = withMode(.expression) { nextToken() }
        var end = rBracket.range
        if rBracket.kind != .rBracket {
            ungetToken(rBracket)
            if case .error = index! {} else {
                report(.MissingEndSquareBracket, [], after(index!.range), incomplete: true)
            }
            end = index!.range
        }
        return .index(IndexExpression(target: target, index: index!, nullConditional: lBracket.kind == .questionLBracket,
                                      range: target.range.union(end)))
    }
}
