import VishSyntax

/// A script block compiled to node trees: its parameters and named blocks, and the
/// symbol table that gives each local variable a slot.
public final class CompiledBlock {
    let symbols: SymbolTable
    let source: SourceFile
    let ast: ScriptBlock
    var parameters: [ParameterInfo] = []
    var cmdletBinding = false
    /// `[CmdletBinding(SupportsShouldProcess)]` etc., kept for -WhatIf/-Confirm.
    var supportsShouldProcess = false
    var defaultParameterSet: String?
    var begin: [Stmt]?
    var process: [Stmt]?
    var end: [Stmt]?
    var beginTraps: [TrapHandler] = []
    var processTraps: [TrapHandler] = []
    var endTraps: [TrapHandler] = []
    var isFilter = false
    /// Statements written outside named blocks (the end block, unnamed).
    var hasNamedBlocks = false

    init(symbols: SymbolTable, source: SourceFile, ast: ScriptBlock) {
        self.symbols = symbols
        self.source = source
        self.ast = ast
    }

    var isAdvanced: Bool { cmdletBinding || parameters.contains { $0.isParameterAttributed } }
}

/// Turns the syntax tree into executable nodes. One compiler per script block; nested
/// script blocks get their own (they run in their own scope, or dot-sourced).
final class Compiler {
    let source: SourceFile
    let symbols = SymbolTable()

    init(source: SourceFile) {
        self.source = source
    }

    func position(_ range: SourceRange) -> ErrorPosition { ErrorPosition(source: source, range: range) }

    /// Compiles a script block (a script file, a `{ }` literal or a function body).
    static func compile(_ block: ScriptBlock, source: SourceFile, functionParameters: [Parameter]? = nil,
                        isFilter: Bool = false) throws -> CompiledBlock {
        let c = Compiler(source: source)
        // Slots: every local name the block mentions (params first, in order).
        _ = c.symbols.add("_")
        _ = c.symbols.add("args")
        _ = c.symbols.add("input")
        let params = functionParameters ?? block.paramBlock?.parameters ?? []
        for p in params { _ = c.symbols.add(p.name.name.lowercased()) }
        VariableCollector.collect(block) { name in _ = c.symbols.add(name) }

        let compiled = CompiledBlock(symbols: c.symbols, source: source, ast: block)
        compiled.isFilter = isFilter
        compiled.parameters = try params.enumerated().map { try c.parameter($1, index: $0) }
        var positionalBinding = true
        for a in block.paramBlock?.attributes ?? [] where a.typeName.fullName.lowercased() == "cmdletbinding" {
            compiled.cmdletBinding = true
            for n in a.namedArguments {
                switch n.name.lowercased() {
                case "supportsshouldprocess": compiled.supportsShouldProcess = c.constantTruth(n.value)
                case "positionalbinding": positionalBinding = c.constantTruth(n.value)
                case "defaultparametersetname":
                    if case .string(let s) = n.value { compiled.defaultParameterSet = s.value }
                default: break
                }
            }
        }
        // Script parameters are positional in declaration order unless one of them sets a
        // Position or a ParameterSetName (switches never are).
        let explicit = compiled.parameters.contains { p in p.sets.contains { $0.position != nil || !$0.set.isEmpty } }
        if positionalBinding && !explicit {
            var next = 0
            for i in compiled.parameters.indices where !compiled.parameters[i].isSwitch {
                if compiled.parameters[i].sets.isEmpty {
                    compiled.parameters[i].sets = [ParameterSetEntry(set: "", position: next)]
                } else {
                    for j in compiled.parameters[i].sets.indices { compiled.parameters[i].sets[j].position = next }
                }
                next += 1
            }
        }
        func body(_ b: NamedBlock?) throws -> ([Stmt], [TrapHandler])? {
            guard let b else { return nil }
            return (try b.body.statements.map(c.statement), try b.body.traps.map(c.trap))
        }
        if let (stmts, traps) = try body(block.beginBlock) { compiled.begin = stmts; compiled.beginTraps = traps }
        if let (stmts, traps) = try body(block.processBlock) { compiled.process = stmts; compiled.processTraps = traps }
        if let (stmts, traps) = try body(block.endBlock) { compiled.end = stmts; compiled.endTraps = traps }
        compiled.hasNamedBlocks = block.beginBlock != nil || block.processBlock != nil || !(block.endBlock?.unnamed ?? true)
        if isFilter && !compiled.hasNamedBlocks {
            // A filter's body is its process block.
            compiled.process = compiled.end
            compiled.processTraps = compiled.endTraps
            compiled.end = nil
            compiled.endTraps = []
        }
        return compiled
    }

    func constantTruth(_ e: Expression) -> Bool {
        if case .variable(let v) = e { return v.path.name.lowercased() != "false" }
        if case .constant(let n, _) = e, case .int32(let i) = n { return i != 0 }
        return true
    }

    func statements(_ block: StatementBlock) throws -> BlockNode {
        BlockNode(try block.statements.map(statement), traps: try block.traps.map(trap), block.range)
    }
}

/// Finds the local variable names of a script block without entering nested script
/// blocks or function bodies (they are other scopes).
enum VariableCollector {
    static func collect(_ block: ScriptBlock, _ add: (String) -> Void) {
        for b in [block.beginBlock, block.processBlock, block.endBlock, block.cleanBlock] {
            guard let b else { continue }
            statements(b.body, add)
        }
    }

    static func statements(_ b: StatementBlock, _ add: (String) -> Void) {
        for s in b.statements { statement(s, add) }
        for t in b.traps { statements(t.body, add) }
    }

    static func statement(_ s: Statement, _ add: (String) -> Void) {
        switch s {
        case .pipeline(let p):
            for e in p.elements {
                switch e {
                case .expression(let ce): expression(ce.expression, add)
                case .command(let c):
                    for el in c.elements {
                        switch el {
                        case .argument(let a): expression(a, add)
                        case .parameter(let p): if let a = p.argument { expression(a, add) }
                        }
                    }
                }
            }
        case .pipelineChain(let c):
            statement(c.left, add)
            statement(.pipeline(c.right), add)
        case .assignment(let a):
            expression(a.target, add)
            statement(a.value, add)
        case .if(let i):
            for c in i.clauses { statement(c.condition, add); statements(c.body, add) }
            if let e = i.elseBody { statements(e, add) }
        case .switch(let sw):
            statement(sw.condition, add)
            for c in sw.clauses { expression(c.condition, add); statements(c.body, add) }
            if let d = sw.defaultBody { statements(d, add) }
        case .foreach(let f):
            variable(f.variable.path, add)
            statement(f.collection, add)
            statements(f.body, add)
        case .for(let f):
            for p in [f.initializer, f.condition, f.iterator] { if let p { statement(p, add) } }
            statements(f.body, add)
        case .while(let w):
            statement(w.condition, add)
            statements(w.body, add)
        case .doLoop(let d):
            statements(d.body, add)
            statement(d.condition, add)
        case .return(let p, _), .exit(let p, _), .throw(let p, _):
            if let p { statement(p, add) }
        case .trap(let t): statements(t.body, add)
        case .try(let t):
            statements(t.body, add)
            for c in t.catches { statements(c.body, add) }
            if let f = t.finally { statements(f, add) }
        case .data(let d): statements(d.body, add)
        case .break, .continue, .function, .typeDefinition, .using, .error:
            break
        }
    }

    static func variable(_ p: VariablePath, _ add: (String) -> Void) {
        let q = p.qualifier?.lowercased()
        if q == nil || q == "local" || q == "private" { add(p.name.lowercased()) }
    }

    static func expression(_ e: Expression, _ add: (String) -> Void) {
        switch e {
        case .variable(let v): variable(v.path, add)
        case .binary(let b): expression(b.left, add); expression(b.right, add)
        case .unary(let u): expression(u.operand, add)
        case .ternary(let t): expression(t.condition, add); expression(t.ifTrue, add); expression(t.ifFalse, add)
        case .convert(let c): expression(c.operand, add)
        case .attributed(let a): expression(a.operand, add)
        case .member(let m): expression(m.target, add); expression(m.member, add)
        case .invokeMember(let m):
            expression(m.target, add)
            expression(m.member, add)
            for a in m.arguments { expression(a, add) }
        case .index(let i): expression(i.target, add); expression(i.index, add)
        case .arrayLiteral(let items, _): for i in items { expression(i, add) }
        case .arrayExpression(let b, _), .subExpression(let b, _): statements(b, add)
        case .paren(let s, _): statement(s, add)
        case .hashtable(let entries, _):
            for entry in entries { expression(entry.key, add); statement(entry.value, add) }
        case .expandableString(let s):
            for part in s.parts { if case .expression(let x) = part { expression(x, add) } }
        case .constant, .string, .type, .scriptBlock, .using, .error:
            break
        }
    }
}

/// Foundation also has an `Expression`; ours is the syntax tree's.
typealias Expression = VishSyntax.Expression
