import VishSyntax

/// Walks a block's statements and expressions, reporting the variables and the script
/// block literals it meets (nested blocks are reported, not entered).
struct SyntaxWalker {
    var variable: (VariablePath) -> Void = { _ in }
    var scriptBlock: (ScriptBlock) -> Void = { _ in }

    func walk(_ block: ScriptBlock) {
        for b in [block.beginBlock, block.processBlock, block.endBlock, block.cleanBlock] {
            guard let b else { continue }
            statements(b.body)
        }
    }

    func statements(_ b: StatementBlock) {
        for s in b.statements { statement(s) }
        for t in b.traps { statements(t.body) }
    }

    func statement(_ s: Statement) {
        switch s {
        case .pipeline(let p):
            for e in p.elements {
                switch e {
                case .expression(let ce): expression(ce.expression)
                case .command(let c):
                    for el in c.elements {
                        switch el {
                        case .argument(let a): expression(a)
                        case .parameter(let p): if let a = p.argument { expression(a) }
                        }
                    }
                }
            }
        case .pipelineChain(let c):
            statement(c.left)
            statement(.pipeline(c.right))
        case .assignment(let a):
            expression(a.target)
            statement(a.value)
        case .if(let i):
            for c in i.clauses { statement(c.condition); statements(c.body) }
            if let e = i.elseBody { statements(e) }
        case .switch(let sw):
            statement(sw.condition)
            for c in sw.clauses { expression(c.condition); statements(c.body) }
            if let d = sw.defaultBody { statements(d) }
        case .foreach(let f):
            variable(f.variable.path)
            statement(f.collection)
            statements(f.body)
        case .for(let f):
            for p in [f.initializer, f.condition, f.iterator] { if let p { statement(p) } }
            statements(f.body)
        case .while(let w):
            statement(w.condition)
            statements(w.body)
        case .doLoop(let d):
            statements(d.body)
            statement(d.condition)
        case .return(let p, _), .exit(let p, _), .throw(let p, _):
            if let p { statement(p) }
        case .trap(let t): statements(t.body)
        case .try(let t):
            statements(t.body)
            for c in t.catches { statements(c.body) }
            if let f = t.finally { statements(f) }
        case .data(let d): statements(d.body)
        case .break, .continue, .function, .typeDefinition, .using, .error:
            break
        }
    }

    func expression(_ e: Expression) {
        switch e {
        case .scriptBlock(let sb): scriptBlock(sb)
        case .variable(let v): variable(v.path)
        case .binary(let b): expression(b.left); expression(b.right)
        case .unary(let u): expression(u.operand)
        case .ternary(let t): expression(t.condition); expression(t.ifTrue); expression(t.ifFalse)
        case .convert(let c): expression(c.operand)
        case .attributed(let a): expression(a.operand)
        case .member(let m): expression(m.target); expression(m.member)
        case .invokeMember(let m):
            expression(m.target)
            expression(m.member)
            for a in m.arguments { expression(a) }
        case .index(let i): expression(i.target); expression(i.index)
        case .arrayLiteral(let items, _): for i in items { expression(i) }
        case .arrayExpression(let b, _), .subExpression(let b, _): statements(b)
        case .paren(let s, _): statement(s)
        case .hashtable(let entries, _):
            for entry in entries { expression(entry.key); statement(entry.value) }
        case .expandableString(let s):
            for part in s.parts { if case .expression(let x) = part { expression(x) } }
        case .constant, .string, .type, .using, .error:
            break
        }
    }
}
