import VishSyntax

extension Compiler {
    func statement(_ s: Statement) throws -> Stmt {
        switch s {
        case .pipeline(let p):
            return try pipeline(p)
        case .pipelineChain(let c):
            return ChainStmt(try statement(c.left), c.op == .andAnd, try pipeline(c.right), c.range)
        case .assignment(let a):
            let target = try assignTarget(a.target)
            let value = try statement(a.value)
            var valueExpr = (value as? ExprStmt)?.expr
            if case .pipeline(let p) = a.value, p.pureExpression == nil { valueExpr = nil }
            return AssignStmt(target, a.op, value, valueExpr: valueExpr, a.range, position(a.range))
        case .if(let i):
            return IfStmt(try i.clauses.map { (try statement($0.condition), try statements($0.body)) },
                          try i.elseBody.map(statements), i.range)
        case .while(let w):
            return WhileStmt(label: w.label, try statement(w.condition), try statements(w.body), isDo: false, isUntil: false, w.range)
        case .doLoop(let d):
            return WhileStmt(label: d.label, try statement(d.condition), try statements(d.body), isDo: true,
                             isUntil: d.isUntil, d.range)
        case .for(let f):
            return ForStmt(label: f.label, try f.initializer.map(statement), try f.condition.map(statement),
                           try f.iterator.map(statement), try statements(f.body), f.range)
        case .foreach(let f):
            guard let target = variable(f.variable) as? VariableTarget else {
                throw ErrorRecord("System.Management.Automation.RuntimeException", "The foreach variable cannot be assigned.",
                                  id: "InvalidForeachVariable", position: position(f.variable.range))
            }
            let loop = ForEachStmt(label: f.label, target, try statement(f.collection), try statements(f.body), f.range)
            var mentions = false
            let walker = SyntaxWalker(variable: { if $0.name.lowercased() == "foreach" { mentions = true } })
            walker.statements(f.body)
            loop.exposesEnumerator = mentions
            return loop
        case .switch(let sw):
            let clauses: [(SwitchStmt.Condition, BlockNode)] = try sw.clauses.map { clause in
                let condition: SwitchStmt.Condition
                if case .scriptBlock(let sb) = clause.condition {
                    condition = .scriptBlock(try Compiler.compile(sb, source: source))
                } else {
                    condition = .value(try keyExpression(clause.condition))
                }
                return (condition, try statements(clause.body))
            }
            return SwitchStmt(label: sw.label, flags: sw.flags, subject: try statement(sw.condition), clauses: clauses,
                              defaultBody: try sw.defaultBody.map(statements), sw.range, position(sw.range))
        case .function(let f):
            let block = try Compiler.compile(f.body, source: source, functionParameters: f.parameters, isFilter: f.isFilter)
            return FunctionDefStmt(f.name, block, f.range)
        case .return(let p, let r):
            return ReturnStmt(try p.map(statement), r)
        case .exit(let p, let r):
            return ExitStmt(try p.map(statement), r)
        case .throw(let p, let r):
            return ThrowStmt(try p.map(statement), r, position(r))
        case .break(let label, let r):
            return BreakStmt(label: try label.map(labelExpression), isContinue: false, r)
        case .continue(let label, let r):
            return BreakStmt(label: try label.map(labelExpression), isContinue: true, r)
        case .trap(let t):
            return TrapStmt(try trap(t), t.range)
        case .try(let t):
            let catches = try t.catches.map { c in
                CatchHandler(types: c.types.map { $0.fullName }, body: try statements(c.body))
            }
            return TryStmt(try statements(t.body), catches, try t.finally.map(statements), t.range)
        case .data(let d):
            return DataStmt(variable: d.variable, try statements(d.body), d.range, symbols: symbols)
        case .typeDefinition(let t) where t.kind == .enum:
            Enums.registerScriptEnum(enumDefinition(t))
            return NoOpStmt(t.range)
        case .typeDefinition(let t):
            let def = try classDefinition(t)
            Classes.register(def)
            return ClassDefinitionStmt(def, t.range)
        case .using(let u):
            return NoOpStmt(u.range)
        case .error(let r):
            throw ErrorRecord("System.Management.Automation.ParseException", "The statement could not be parsed.",
                              id: "ParseError", category: .parserError, position: position(r))
        }
    }

    /// `break outer`: the label is a bareword.
    func labelExpression(_ e: Expression) throws -> Expr {
        if case .string(let s) = e { return ConstantExpr(.string(s.value), s.range) }
        return try expression(e)
    }

    func trap(_ t: TrapStatement) throws -> TrapHandler {
        TrapHandler(type: t.type?.fullName, body: try statements(t.body))
    }

    func pipeline(_ p: Pipeline) throws -> Stmt {
        if p.elements.count == 1, case .expression(let ce) = p.elements[0], ce.redirections.isEmpty {
            if case .unary(let u) = ce.expression,
               [.preIncrement, .preDecrement, .postIncrement, .postDecrement].contains(u.op),
               let inc = try unary(u) as? IncrementExpr {
                return IncrementStmt(inc, p.range)
            }
            return ExprStmt(try expression(ce.expression), p.range)
        }
        var stages: [PipelineStage] = []
        for element in p.elements {
            switch element {
            case .expression(let ce):
                stages.append(.expression(try expression(ce.expression), try ce.redirections.map(redirection)))
            case .command(let c):
                stages.append(.command(try command(c)))
            }
        }
        return PipelineStmt(stages, p.range, position(p.range))
    }

    func redirection(_ r: RedirectionNode) throws -> RedirectionSpec {
        RedirectionSpec(redirection: r.redirection, target: try r.target.map(expression), range: r.range)
    }

    func command(_ c: Command) throws -> CommandSpec {
        var elements: [CommandArgumentSpec] = []
        for (i, el) in c.elements.enumerated() {
            switch el {
            case .argument(let a):
                if i == 0 && c.invocation == .none, case .string(let s) = a {
                    elements.append(.name(s.value, s.range))
                    continue
                }
                if case .variable(let v) = a, v.splatted {
                    var plain = v
                    plain.splatted = false
                    elements.append(.splat(variable(plain), v.range))
                    continue
                }
                elements.append(.value(try argumentExpression(a), a.range))
            case .parameter(let p):
                elements.append(.parameter(p.name, try p.argument.map(argumentExpression), usedColon: p.usedColon, p.range))
            }
        }
        return CommandSpec(elements: elements, invocation: c.invocation, redirections: try c.redirections.map(redirection),
                           range: c.range, position: position(c.range))
    }

    /// A command argument: a number keeps the text it was written with (pwsh binds
    /// `-TimeZone 085` as "085" to a string parameter).
    /// `class Name : Base { … }`: properties, constructors and methods, compiled now.
    func classDefinition(_ t: TypeDefinition) throws -> ClassDefinition {
        // Types refer to classes by name, so this replaces the shell registered up front.
        let def = ClassDefinition(name: t.name, baseName: t.baseTypes.first.map(\.fullName))
        func typeOf(_ attributes: [AttributeOrType]) throws -> PSType? {
            for a in attributes { if case .typeConstraint(let tn, let r) = a { return try resolveType(tn, r) } }
            return nil
        }
        for m in t.members {
            switch m {
            case .property(let p):
                def.properties.append(.init(name: p.name, type: try typeOf(p.attributes), isStatic: p.isStatic,
                                            isHidden: p.isHidden, initial: try p.initialValue.map(expression)))
            case .method(let mm):
                let block = try Compiler.compile(mm.body, source: source, functionParameters: mm.parameters)
                let method = ClassDefinition.Method(name: mm.name, block: block, returnType: try typeOf(mm.attributes),
                                                    isStatic: mm.isStatic,
                                                    baseArguments: try mm.baseArguments.map { try $0.map(expression) })
                if mm.name.caseInsensitiveCompare(t.name) == .orderedSame { def.constructors.append(method) } else { def.methods.append(method) }
            case .enumMember:
                break
            }
        }
        return def
    }

    /// `enum Name { A; B = 5 }`: members count on from the last value; `[Flags()]` marks
    /// a flags enum. Registered when compiled, so the script can use it anywhere.
    func enumDefinition(_ t: TypeDefinition) -> EnumDefinition {
        var members: [(String, Int)] = []
        var next = 0
        for m in t.members {
            guard case .enumMember(let name, let value, _) = m else { continue }
            if let value {
                switch value {
                case .constant(let n, _):
                    if let i = Int(Convert.toString(Value(n), ConversionContext())) { next = i }
                case .unary(let u) where u.op == .negate:
                    if case .constant(let n, _) = u.operand, let i = Int(Convert.toString(Value(n), ConversionContext())) { next = -i }
                case .variable, .member:
                    break
                default:
                    break
                }
            }
            members.append((name, next))
            next += 1
        }
        let isFlags = t.attributes.contains { a in
            if case .attribute(let attr) = a { return attr.typeName.fullName.lowercased().hasPrefix("flags") }
            return false
        }
        return EnumDefinition(t.name, members, isFlags: isFlags)
    }

    func argumentExpression(_ e: Expression) throws -> Expr {
        if case .constant(let n, let r) = e {
            return NumberArgumentExpr(Value(n), text: source.text(of: r), r)
        }
        // `-5` as an argument is a negative number.
        if case .string(let s) = e, s.kind == .bareword, s.value.hasPrefix("-"), s.value.count > 1,
           let n = NumberLiteral.parse(s.value) {
            return NumberArgumentExpr(Value(n), text: s.value, s.range)
        }
        return try expression(e)
    }

    func parameter(_ p: Parameter, index: Int) throws -> ParameterInfo {
        let info = ParameterInfo(name: p.name.name)
        info.defaultValue = try p.defaultValue.map(expression)
        for a in p.attributes {
            switch a {
            case .typeConstraint(let t, let r):
                info.type = try resolveType(t, r)
            case .attribute(let attr):
                try ParameterAttributes.apply(attr, to: info, compiler: self)
            }
        }
        if info.type?.kind == .switchParameter { info.isSwitch = true }
        return info
    }
}

/// Traps declared among statements are gathered by the block; as a statement they do nothing.
final class TrapStmt: Stmt {
    let handler: TrapHandler
    init(_ handler: TrapHandler, _ range: SourceRange) {
        self.handler = handler
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {}
}

final class NoOpStmt: Stmt {
    override func exec(_ s: Scope, _ out: Sink) throws {}
}

/// `data [name] { }`: the body's output, or a variable set to it.
final class DataStmt: Stmt {
    let variable: String?
    let body: BlockNode
    init(variable: String?, _ body: BlockNode, _ range: SourceRange, symbols: SymbolTable) {
        self.variable = variable
        self.body = body
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        guard let variable else {
            try body.exec(s, out)
            return
        }
        let sink = CollectSink()
        try body.exec(s, sink)
        s.define(variable.lowercased(), PSVariable(variable, sink.result))
    }
}

/// `a && b`, `a || b`: the right side runs when the left succeeded (or failed).
final class ChainStmt: Stmt {
    let left: Stmt
    let isAnd: Bool
    let right: Stmt
    init(_ left: Stmt, _ isAnd: Bool, _ right: Stmt, _ range: SourceRange) {
        self.left = left
        self.isAnd = isAnd
        self.right = right
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        // Each element's success is its own: an expression succeeds.
        s.context.lastSucceeded = true
        s.context.executionFailed = false
        do {
            try left.exec(s, out)
        } catch let r as ErrorRecord {
            // An element ended by an error fails: the error is handled as a statement's
            // (shown, or thrown on under `try` or Stop), and the chain goes on from there.
            if !s.context.pendingOutput.isEmpty { try s.context.flushPendingOutput(out) }
            if r.atSequencePoint {
                r.position.range = left.range
                r.atSequencePoint = false
            }
            try s.context.handleStatementError(r, s)
        }
        if (s.context.lastSucceeded && !s.context.executionFailed) == isAnd {
            s.context.lastSucceeded = true
            try right.exec(s, out)
        }
    }
}

/// A number given as a command argument: its value, plus the text it was written with.
final class NumberArgumentExpr: Expr {
    let value: Value
    let text: String
    init(_ value: Value, text: String, _ range: SourceRange) {
        self.value = value
        self.text = text
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value { value }
}
