extension Parser {
    // attribute-list: attribute+
    func attributeListRule(inExpressionMode: Bool) -> [AttributeOrType]? {
        var attributes: [AttributeOrType] = []
        while let a = attributeRule() {
            attributes.append(a)
            // After `[type]` in an expression a newline ends it; after `[Attr()]` it never does.
            if case .attribute = a { skipNewlines() } else if !inExpressionMode { skipNewlines() }
        }
        return attributes.isEmpty ? nil : attributes
    }

    // attribute: '[' type-name ('(' attribute-arguments ')')? ']'
    func attributeRule() -> AttributeOrType? {
        guard let lBracket = nextLBracket() else { return nil }
        skipNewlines()
        guard let typeName = typeNameRule(allowAssemblyQualified: true) else {
            resync(lBracket)
            report(.MissingTypename, [], after(lBracket.range), incomplete: true)
            return nil
        }
        let t = nextToken()
        if t.kind == .lParen {
            skipNewlines()
            var positional: [Expression] = []
            var named: [NamedAttributeArgument] = []
            var last = t.range
            withMode(.expression) { attributeArgumentsRule(&positional, &named, &last) }
            skipNewlines()
            let rParen = nextToken()
            var end = rParen.range
            if rParen.kind != .rParen {
                ungetToken(rParen)
                report(.MissingEndParenthesisInExpression, [], after(last), incomplete: true)
                end = last
            } else {
                skipNewlines()
                let rBracket = nextToken()
                if rBracket.kind != .rBracket {
                    ungetToken(rBracket)
                    report(.EndSquareBracketExpectedAtEndOfAttribute, [], after(rParen.range), incomplete: true)
                } else {
                    end = rBracket.range
                }
            }
            return .attribute(Attribute(typeName: typeName, positionalArguments: positional,
                                        namedArguments: named, range: lBracket.range.union(end)))
        }
        var end = t.range
        if t.kind != .rBracket {
            ungetToken(t)
            report(.EndSquareBracketExpectedAtEndOfAttribute, [], before(t.range), incomplete: t.kind == .endOfInput)
            end = typeName.range
        }
        return .typeConstraint(typeName, lBracket.range.union(end))
    }

    // attribute-arguments: (expression | name ('=' expression)?) (',' …)*
    func attributeArgumentsRule(_ positional: inout [Expression], _ named: inout [NamedAttributeArgument], _ last: inout SourceRange) {
        let oldComma = disableCommaOperator
        disableCommaOperator = true
        defer { disableCommaOperator = oldComma }
        var comma: Token? = nil
        var seen = Set<String>()
        while true {
            skipNewlines()
            let name = simpleNameRule()
            var expr: Expression? = nil
            var omitted = false
            if let name {
                let t = peekToken()
                if t.kind == .equals {
                    skipToken()
                    skipNewlines()
                    expr = expressionRule()
                    if expr == nil {
                        report(.MissingExpressionInNamedArgument, [], after(t.range), incomplete: true)
                        expr = .error([], after(t.range))
                        syncOnError(consumeClosing: true, [.comma, .rParen, .rBracket, .newLine])
                    }
                    last = expr!.range
                } else {
                    expr = .variable(VariableExpression(path: VariablePath("true"), splatted: false, range: name.range))
                    omitted = true
                    last = name.range
                }
                guard case .string(let s) = name else { break }
                if seen.contains(s.value.lowercased()) {
                    report(.DuplicateNamedArgument, [s.value], name.range)
                } else {
                    seen.insert(s.value.lowercased())
                    named.append(NamedAttributeArgument(name: s.value, value: expr!, expressionOmitted: omitted,
                                                        range: name.range.union(expr!.range)))
                }
            } else if let e = expressionRule() {
                positional.append(e)
                last = e.range
            } else if let c = comma {
                report(.MissingExpressionAfterToken, [","], after(c.range), incomplete: true)
                positional.append(.error([], after(c.range)))
                last = after(c.range)
            }
            skipNewlines()
            let c = peekToken()
            guard c.kind == .comma else { break }
            comma = c
            last = c.range
            skipToken()
        }
    }

    // type-name: identifier ('[' (',')* ']' | '[' generic-arguments ']')* (',' assembly)?
    func typeNameRule(allowAssemblyQualified: Bool) -> TypeName? {
        withMode(.typeName) {
            let t = nextToken()
            guard t.kind == .identifier else {
                ungetToken(t)
                return nil
            }
            return finishTypeNameRule(t, unbracketedGenericArg: false, allowAssemblyQualified: allowAssemblyQualified)
        }
    }

    func finishTypeNameRule(_ nameToken: Token, unbracketedGenericArg: Bool, allowAssemblyQualified: Bool = true) -> TypeName {
        var type = TypeName.simple(text(nameToken), nameToken.range)
        guard enter(nameToken.range) else {
            leave()
            return type
        }
        defer { leave() }
        let t = peekToken()
        if t.kind == .lBracket {
            skipToken()
            skipNewlines()
            let first = nextToken()
            switch first.kind {
            case .rBracket, .comma:
                return completeArrayTypeName(type, first, unbracketedGenericArg: unbracketedGenericArg)
            case .lBracket, .identifier:
                return genericTypeNameRule(type, first, unbracketedGenericArg: unbracketedGenericArg)
            case .endOfInput:
                ungetToken(first)
                report(.MissingTypename, [], after(t.range), incomplete: true)
                return type
            default:
                report(.UnexpectedToken, [text(first)], first.range)
                syncOnError(consumeClosing: true, [.rBracket])
                return type
            }
        }
        if t.kind == .comma && allowAssemblyQualified && !unbracketedGenericArg {
            skipToken()
            if let spec = assemblyNameSpec() {
                type = .simple(text(nameToken) + ", " + spec.0, nameToken.range.union(spec.1))
            }
        }
        return type
    }

    /// `, mscorlib, Version=…` after a type name: read raw up to the closing `]`.
    private func assemblyNameSpec() -> (String, SourceRange)? {
        lexer.skipSpace()
        let start = lexer.pos
        while !lexer.atEnd, lexer.peek() != 0x5D, lexer.peek() != 0x0A { lexer.advance() }
        var end = lexer.pos
        while end > start, CharClass.isWhitespace(UInt32(source.bytes[end - 1])) { end -= 1 }
        guard end > start else { return nil }
        return (source.text(of: SourceRange(start, end)), SourceRange(start, end))
    }

    func genericTypeArgumentsRule(_ first: Token) -> ([TypeName], Token) {
        var args = [singleGenericArgument(first)]
        while true {
            skipNewlines()
            let last = nextToken()
            guard last.kind == .comma else { return (args, last) }
            skipNewlines()
            let t = peekToken()
            if t.kind == .identifier || t.kind == .lBracket {
                skipToken()
                args.append(singleGenericArgument(t))
            } else {
                report(.MissingTypename, [], after(last.range), incomplete: true)
                args.append(.simple(":ErrorTypeName:", last.range))
            }
        }
    }

    private func singleGenericArgument(_ first: Token) -> TypeName {
        if first.kind == .identifier {
            return finishTypeNameRule(first, unbracketedGenericArg: true)
        }
        let t = nextToken()
        guard t.kind == .identifier else {
            ungetToken(t)
            report(.MissingTypename, [], after(t.range), incomplete: true)
            return .simple(":ErrorTypeName:", first.range)
        }
        let type = finishTypeNameRule(t, unbracketedGenericArg: false)
        let close = nextToken()
        if close.kind != .rBracket {
            ungetToken(close)
            report(.EndSquareBracketExpectedAtEndOfType, [], before(close.range), incomplete: true)
        }
        return type
    }

    private func genericTypeNameRule(_ base: TypeName, _ first: Token, unbracketedGenericArg: Bool) -> TypeName {
        var (args, close) = genericTypeArgumentsRule(first)
        var end = close.range
        if close.kind != .rBracket {
            ungetToken(close)
            report(.EndSquareBracketExpectedAtEndOfAttribute, [], before(close.range), incomplete: true)
            end = args.last?.range ?? first.range
        }
        let generic = TypeName.generic(base: base, arguments: args, base.range.union(end))
        let t = peekToken()
        if t.kind == .lBracket {
            skipToken()
            return completeArrayTypeName(generic, nextToken(), unbracketedGenericArg: unbracketedGenericArg)
        }
        if t.kind == .comma && !unbracketedGenericArg {
            skipToken()
            _ = assemblyNameSpec()
        }
        args = []
        return generic
    }

    private func completeArrayTypeName(_ element: TypeName, _ firstAfterLBracket: Token, unbracketedGenericArg: Bool) -> TypeName {
        var type = element
        var first = firstAfterLBracket
        while true {
            switch first.kind {
            case .comma:
                var rank = 1
                var t = first
                repeat {
                    rank += 1
                    t = nextToken()
                } while t.kind == .comma
                if t.kind != .rBracket {
                    ungetToken(t)
                    report(.EndSquareBracketExpectedAtEndOfAttribute, [], after(t.range))
                }
                type = .array(element: type, rank: rank, type.range.union(t.range))
            case .rBracket:
                type = .array(element: type, rank: 1, type.range.union(first.range))
            case .endOfInput:
                ungetToken(first)
                report(.EndSquareBracketExpectedAtEndOfAttribute, [], before(first.range), incomplete: true)
            default:
                report(.UnexpectedToken, [text(first)], first.range)
                syncOnError(consumeClosing: true, [.rBracket])
            }
            let t = peekToken()
            if !unbracketedGenericArg && t.kind == .comma {
                skipToken()
                _ = assemblyNameSpec()
                return type
            }
            guard t.kind == .lBracket else { return type }
            skipToken()
            first = nextToken()
        }
    }
}
