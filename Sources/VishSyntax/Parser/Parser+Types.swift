extension Parser {
    // class-statement: attribute* 'class' name (':' type-name (',' type-name)*)? '{' member* '}'
    func classDefinitionRule(_ attributes: [AttributeOrType], _ classToken: Token) -> Statement {
        skipNewlines()
        guard let nameExpr = simpleNameRule(), case .string(let name) = nameExpr else {
            report(.MissingNameAfterKeyword, ["class"], after(classToken.range), incomplete: true)
            return .error(classToken.range)
        }
        skipNewlines()
        return withMode(.signature) {
            var bases: [TypeName] = []
            let colon = peekToken()
            if colon.kind == .colon {
                skipToken()
                skipNewlines()
                while let base = typeNameRule(allowAssemblyQualified: false) {
                    bases.append(base)
                    skipNewlines()
                    guard peekToken().kind == .comma else { break }
                    skipToken()
                    skipNewlines()
                }
            }
            let lCurly = nextToken()
            guard lCurly.kind == .lCurly else {
                ungetToken(lCurly)
                let last = bases.last?.range ?? name.range
                report(.MissingTypeBody, ["class"], after(last), incomplete: true)
                return .error(classToken.range.union(last))
            }
            var members: [TypeMember] = []
            var last = lCurly.range
            while let member = classMemberRule() {
                if let m = member {
                    members.append(m)
                    last = memberRange(m)
                }
            }
            return finishTypeDefinition(.class, name.value, attributes, bases, members,
                                        start: attributes.first?.range ?? classToken.range, lCurly: lCurly, last: last)
        }
    }

    /// The closing `}` of a class or enum body, and the definition.
    private func finishTypeDefinition(_ kind: TypeDefinition.Kind, _ name: String, _ attributes: [AttributeOrType],
                                      _ bases: [TypeName], _ members: [TypeMember],
                                      start: SourceRange, lCurly: Token, last: SourceRange) -> Statement {
        var end = last
        let rCurly = nextToken()
        if rCurly.kind != .rCurly {
            ungetToken(rCurly)
            report(.MissingEndCurlyBrace, [], lCurly.range, incomplete: true)
        } else {
            end = rCurly.range
        }
        return .typeDefinition(TypeDefinition(kind: kind, name: name, attributes: attributes, baseTypes: bases,
                                              members: members, range: start.union(end)))
    }

    private func memberRange(_ m: TypeMember) -> SourceRange {
        switch m {
        case .property(let p): return p.range
        case .method(let m): return m.range
        case .enumMember(_, _, let r): return r
        }
    }

    /// One property or method; `.some(nil)` when a member failed but parsing goes on,
    /// nil at the end of the body.
    private func classMemberRule() -> TypeMember?? {
        var attributes: [AttributeOrType] = []
        var isStatic = false
        var isHidden = false
        var start: SourceRange? = nil
        var token: Token
        while true {
            skipNewlines()
            if let a = attributeRule() {
                attributes.append(a)
                start = start ?? a.range
                continue
            }
            token = peekToken()
            start = start ?? token.range
            if token.kind == .kwStatic { isStatic = true; skipToken(); continue }
            if token.kind == .kwHidden { isHidden = true; skipToken(); continue }
            break
        }
        if token.kind == .variable, case .variable(let path, _) = token.value {
            skipToken()
            var initial: Expression? = nil
            if peekToken().kind == .equals {
                skipToken()
                skipNewlines()
                initial = expressionRule()
            }
            let end = initial?.range ?? token.range
            let term = peekToken()
            if term.kind != .newLine && term.kind != .semi && term.kind != .rCurly {
                report(.MissingPropertyTerminator, [], after(end), incomplete: true)
            }
            skipNewlinesAndSemicolons()
            return .some(.property(PropertyMember(name: path.name, attributes: attributes, isStatic: isStatic,
                                                  isHidden: isHidden, initialValue: initial, range: start!.union(end))))
        }
        if token.kind == .identifier || token.kind.isKeyword {
            skipToken()
            guard let method = methodDeclarationRule(token, attributes: attributes, isStatic: isStatic, isHidden: isHidden) else {
                syncOnError(consumeClosing: false, [.rCurly])
                return .some(nil)
            }
            var m = method
            m.range = start!.union(method.range)
            return .some(.method(m))
        }
        if let last = attributes.last?.range ?? ((isStatic || isHidden) ? token.range : nil) {
            report(.IncompleteMemberDefinition, [], after(last), incomplete: true)
        }
        return nil
    }

    private func methodDeclarationRule(_ nameToken: Token, attributes: [AttributeOrType], isStatic: Bool, isHidden: Bool) -> MethodMember? {
        skipNewlines()
        let lParen = nextToken()
        guard lParen.kind == .lParen else {
            ungetToken(lParen)
            report(.MissingExpressionAfterToken, [text(nameToken)], after(nameToken.range), incomplete: true)
            return nil
        }
        let parameters = parameterListRule()
        skipNewlines()
        let rParen = nextToken()
        guard rParen.kind == .rParen else {
            ungetToken(rParen)
            report(.MissingEndParenthesisInFunctionParameterList, [], after(parameters.last?.range ?? lParen.range), incomplete: true)
            return nil
        }
        skipNewlines()
        var baseArguments: [Expression]? = nil
        if peekToken().kind == .colon {
            skipToken()
            skipNewlines()
            let base = nextToken()
            guard base.kind == .kwBase else {
                ungetToken(base)
                report(.MissingExpressionAfterToken, [":"], after(rParen.range), incomplete: true)
                return nil
            }
            skipNewlines()
            let open = nextToken()
            guard open.kind == .lParen else {
                ungetToken(open)
                report(.MissingExpressionAfterToken, ["base"], after(base.range), incomplete: true)
                return nil
            }
            baseArguments = invokeParenArgumentsRule(open).0
            skipNewlines()
        }
        let lCurly = nextToken()
        guard lCurly.kind == .lCurly else {
            ungetToken(lCurly)
            report(.MissingFunctionBody, [], after(rParen.range), incomplete: true)
            return nil
        }
        let body = withMode(.command) { scriptBlockRule(lCurly: lCurly, isFilter: false) }
        return MethodMember(name: text(nameToken), attributes: attributes, isStatic: isStatic, isHidden: isHidden,
                            parameters: parameters, baseArguments: baseArguments, body: body,
                            range: nameToken.range.union(body.range))
    }

    // enum-statement: attribute* 'enum' name (':' type-name)? '{' (name ('=' expression)?)* '}'
    func enumDefinitionRule(_ attributes: [AttributeOrType], _ enumToken: Token) -> Statement {
        skipNewlines()
        guard let nameExpr = simpleNameRule(), case .string(let name) = nameExpr else {
            report(.MissingNameAfterKeyword, ["enum"], after(enumToken.range), incomplete: true)
            return .error(enumToken.range)
        }
        skipNewlines()
        return withMode(.signature) {
            var bases: [TypeName] = []
            if peekToken().kind == .colon {
                skipToken()
                skipNewlines()
                if let t = typeNameRule(allowAssemblyQualified: false) { bases.append(t) }
                skipNewlines()
            }
            let lCurly = nextToken()
            guard lCurly.kind == .lCurly else {
                ungetToken(lCurly)
                report(.MissingTypeBody, ["enum"], after(name.range), incomplete: true)
                return .error(enumToken.range.union(name.range))
            }
            var members: [TypeMember] = []
            var last = lCurly.range
            while true {
                skipNewlinesAndSemicolons()
                guard let memberName = simpleNameRule(), case .string(let s) = memberName else { break }
                var value: Expression? = nil
                if peekToken().kind == .equals {
                    skipToken()
                    skipNewlines()
                    value = expressionRule()
                    if value == nil { report(.ExpectedValueExpression, ["="], after(memberName.range), incomplete: true) }
                }
                let r = memberName.range.union(value?.range ?? memberName.range)
                members.append(.enumMember(name: s.value, value: value, range: r))
                last = r
            }
            skipNewlinesAndSemicolons()
            return finishTypeDefinition(.enum, name.value, attributes, bases, members,
                                        start: attributes.first?.range ?? enumToken.range, lCurly: lCurly, last: last)
        }
    }
}
