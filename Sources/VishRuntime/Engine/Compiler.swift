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
    /// The call's automatic variables the block (or a block inside it) mentions.
    var mentions: Set<String> = []
    /// Whether calls can skip the binder (worked out on first call).
    var isDirect: Bool?
    private(set) lazy var parametersHaveDefaults = parameters.contains { $0.defaultValue != nil }

    /// Where each parameter's variable lives.
    var parameterSlots: [Int] {
        if slotsOfParameters == nil { slotsOfParameters = parameters.map { symbols.add($0.name.lowercased()) } }
        return slotsOfParameters.unsafelyUnwrapped
    }
    private var slotsOfParameters: [Int]?
    var begin: [Stmt]?
    var process: [Stmt]?
    var end: [Stmt]?
    /// `clean { }` (7.3): runs last, its output discarded.
    var clean: [Stmt]?
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
        // A script's types are known before it runs: usage may come before definition.
        for st in block.endBlock?.body.statements ?? [] {
            guard case .typeDefinition(let t) = st else { continue }
            if t.kind == .enum { Enums.registerScriptEnum(c.enumDefinition(t)) }
            else if Classes.find(t.name) == nil { Classes.register(ClassDefinition(name: t.name, baseName: t.baseTypes.first.map(\.fullName))) }
        }
        // Slots: every local name the block mentions (params first, in order).
        _ = c.symbols.add("_")
        let params = functionParameters ?? block.paramBlock?.parameters ?? []
        for p in params { _ = c.symbols.add(p.name.name.lowercased()) }
        VariableCollector.collect(block) { name in _ = c.symbols.add(name) }

        let compiled = CompiledBlock(symbols: c.symbols, source: source, ast: block)
        compiled.mentions = VariableCollector.mentionedAnywhere(block)
            .intersection(["args", "input", "psboundparameters", "myinvocation", "pscmdlet"])
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
            return (try b.body.statements.map(c.blockStatement), try b.body.traps.map(c.trap))
        }
        if let (stmts, traps) = try body(block.beginBlock) { compiled.begin = stmts; compiled.beginTraps = traps }
        if let (stmts, traps) = try body(block.processBlock) { compiled.process = stmts; compiled.processTraps = traps }
        if let (stmts, traps) = try body(block.endBlock) { compiled.end = stmts; compiled.endTraps = traps }
        if let (stmts, _) = try body(block.cleanBlock) { compiled.clean = stmts }
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
        BlockNode(try block.statements.map(blockStatement), traps: try block.traps.map(trap), block.range)
    }

    /// A statement of a block: a `$(…)` or `(…)` standing alone there keeps its output
    /// when an error interrupts it (pwsh's ShouldPreserveOutputInCaseOfException).
    func blockStatement(_ st: Statement) throws -> Stmt {
        let node = try statement(st)
        if let e = node as? ExprStmt {
            (e.expr as? ParenExpr)?.preservesOutput = true
            (e.expr as? SubExpr)?.preservesOutput = true
        }
        return node
    }
}

/// Finds the local variable names of a script block without entering nested script
/// blocks or function bodies (they are other scopes).
/// The variable names a block uses, for its slots.
enum VariableCollector {
    static func collect(_ block: ScriptBlock, _ add: @escaping (String) -> Void) {
        SyntaxWalker(variable: { p in
            let q = p.qualifier?.lowercased()
            if q == nil || q == "local" || q == "private" { add(p.name.lowercased()) }
        }).walk(block)
    }

    /// Every variable name the block mentions, nested script blocks included (a block
    /// passed to ForEach-Object inside a function can read the function's `$args`).
    static func mentionedAnywhere(_ block: ScriptBlock) -> Set<String> {
        var names = Set<String>()
        var pending = [block]
        while let b = pending.popLast() {
            SyntaxWalker(variable: { names.insert($0.name.lowercased()) }, scriptBlock: { pending.append($0) }).walk(b)
        }
        return names
    }
}

/// Foundation also has an `Expression`; ours is the syntax tree's.
typealias Expression = VishSyntax.Expression
