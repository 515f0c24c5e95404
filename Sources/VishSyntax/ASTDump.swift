/// A stable text form of the tree, for `vish parse --ast` and for tests. Every node
/// becomes a `DumpNode` (a label, children and a range); two renderers print it: one line
/// of S-expressions, or an indented outline with `line:col` ranges.
public struct DumpNode: Sendable {
    public var label: String
    public var children: [DumpNode]
    public var range: SourceRange?
    /// Leaves print bare; nodes with children, or marked as lists, print in parentheses.
    public var isList: Bool

    init(_ label: String, _ children: [DumpNode] = [], _ range: SourceRange? = nil, list: Bool? = nil) {
        self.label = label
        self.children = children
        self.range = range
        self.isList = list ?? !children.isEmpty
    }

    /// `(label child child)` on one line.
    public var compact: String {
        guard isList else { return label }
        if label.isEmpty { return "(" + children.map(\.compact).joined(separator: " ") + ")" }
        return "(" + ([label] + children.map(\.compact)).joined(separator: " ") + ")"
    }

    /// One node a line, indented, each with its `line:col-line:col` range.
    public func outline(_ source: SourceFile, indent: Int = 0) -> String {
        var line = String(repeating: "  ", count: indent) + (label.isEmpty ? "()" : label)
        if let r = range {
            let s = source.location(of: r.start), e = source.location(of: r.end)
            line += "  @\(s.line):\(s.column)-\(e.line):\(e.column)"
        }
        return ([line] + children.map { $0.outline(source, indent: indent + 1) }).joined(separator: "\n")
    }
}

public enum ASTDump {

    /// The script's statements in one line (`; `-separated), or the whole script block
    /// when it has a param block or named blocks.
    public static func compact(_ script: ScriptBlock) -> String {
        if isPlain(script) {
            let d = Dumper()
            return (script.endBlock?.body.statements ?? []).map { d.node($0).compact }.joined(separator: "; ")
        }
        return tree(script).compact
    }

    public static func outline(_ script: ScriptBlock, source: SourceFile) -> String {
        tree(script).outline(source)
    }

    /// The whole script as a dump tree.
    public static func tree(_ script: ScriptBlock) -> DumpNode {
        Dumper().node(script, top: true)
    }

    static func isPlain(_ s: ScriptBlock) -> Bool {
        s.paramBlock == nil && s.beginBlock == nil && s.processBlock == nil && s.cleanBlock == nil
            && s.dynamicParamBlock == nil && (s.endBlock?.unnamed ?? true) && s.usings.isEmpty
            && s.requires.isEmpty && (s.endBlock?.body.traps.isEmpty ?? true)
    }

}

/// Builds dump trees. It recurses with the tree; where the thread's stack runs short (a
/// tree nested a thousand deep on a small stack) the rest of a branch prints as `…`.
struct Dumper {
    let stack = StackGuard(reserve: 64 << 10)

    func guarded(_ range: SourceRange?, _ make: () -> DumpNode) -> DumpNode {
        stack.hasRoom() ? make() : DumpNode("…", [], range)
    }

    // MARK: Script blocks

    func node(_ s: ScriptBlock, top: Bool = false) -> DumpNode {
        if !top && ASTDump.isPlain(s) {
            return DumpNode("{}", (s.endBlock?.body.statements ?? []).map(node), s.range, list: true)
        }
        var kids: [DumpNode] = []
        kids += s.usings.map { node(Statement.using($0)) }
        kids += s.requires.map { r in DumpNode("#requires", r.command.map { [node(PipelineElement.command($0))] } ?? [], r.range) }
        if let p = s.paramBlock { kids.append(node(p)) }
        for b in [s.dynamicParamBlock, s.beginBlock, s.processBlock, s.endBlock, s.cleanBlock] {
            guard let b else { continue }
            if b.unnamed {
                kids += b.body.statements.map(node)
                kids += b.body.traps.map { node(Statement.trap($0)) }
            } else {
                kids.append(DumpNode(b.kind.rawValue, [node(b.body)], b.range))
            }
        }
        return DumpNode(top ? "script" : (s.isFilter ? "{filter}" : "{}"), kids, s.range, list: true)
    }

    func node(_ p: ParamBlock) -> DumpNode {
        DumpNode("param", p.attributes.map { node(AttributeOrType.attribute($0)) } + p.parameters.map(node), p.range, list: true)
    }

    func node(_ p: Parameter) -> DumpNode {
        var kids = p.attributes.map(node)
        if let d = p.defaultValue { kids += [DumpNode("="), node(d)] }
        return DumpNode("$" + p.name.userPath, kids, p.range)
    }

    func node(_ a: AttributeOrType) -> DumpNode {
        switch a {
        case .typeConstraint(let t, let r):
            return DumpNode("[\(t.fullName)]", [], r)
        case .attribute(let attr):
            var parts = attr.positionalArguments.map { node($0).compact }
            parts += attr.namedArguments.map { $0.expressionOmitted ? $0.name : "\($0.name)=\(node($0.value).compact)" }
            return DumpNode("[\(attr.typeName.fullName)(" + parts.joined(separator: ", ") + ")]", [], attr.range)
        }
    }

    func node(_ b: StatementBlock) -> DumpNode {
        DumpNode("{}", b.statements.map(node) + b.traps.map { node(Statement.trap($0)) }, b.range, list: true)
    }

    // MARK: Statements

    func node(_ s: Statement) -> DumpNode {
        guarded(s.range) { statementNode(s) }
    }

    func statementNode(_ s: Statement) -> DumpNode {
        switch s {
        case .pipeline(let p):
            let inner = p.elements.count == 1 ? node(p.elements[0]) : DumpNode("|", p.elements.map(node), p.range)
            return p.background ? DumpNode("background", [inner], p.range) : inner
        case .pipelineChain(let c):
            let n = DumpNode(c.op.text, [node(c.left), node(Statement.pipeline(c.right))], c.range)
            return c.background ? DumpNode("background", [n], c.range) : n
        case .assignment(let a):
            return DumpNode(a.op.text, [node(a.target), node(a.value)], a.range)
        case .if(let i):
            var kids: [DumpNode] = []
            for (n, clause) in i.clauses.enumerated() {
                if n > 0 { kids.append(DumpNode("elseif")) }
                kids += [node(clause.condition), node(clause.body)]
            }
            if let e = i.elseBody { kids += [DumpNode("else"), node(e)] }
            return DumpNode("if", kids, i.range)
        case .switch(let sw):
            var kids: [DumpNode] = []
            if sw.flags.contains(.regex) { kids.append(DumpNode("-regex")) }
            if sw.flags.contains(.wildcard) { kids.append(DumpNode("-wildcard")) }
            if sw.flags.contains(.caseSensitive) { kids.append(DumpNode("-casesensitive")) }
            if sw.flags.contains(.file) { kids.append(DumpNode("-file")) }
            if sw.flags.contains(.parallel) { kids.append(DumpNode("-parallel")) }
            kids.append(node(sw.condition))
            kids += sw.clauses.map { DumpNode("", [node($0.condition), node($0.body)], nil, list: true) }
            if let d = sw.defaultBody { kids.append(DumpNode("default", [node(d)])) }
            return DumpNode(Dumper.labeled("switch", sw.label), kids, sw.range)
        case .foreach(let f):
            var kids: [DumpNode] = []
            if f.parallel { kids.append(DumpNode("-parallel")) }
            if let t = f.throttleLimit { kids += [DumpNode("-throttlelimit"), node(t)] }
            kids += [node(Expression.variable(f.variable)), node(f.collection), node(f.body)]
            return DumpNode(Dumper.labeled("foreach", f.label), kids, f.range)
        case .for(let f):
            let parts: [Statement?] = [f.initializer, f.condition, f.iterator]
            return DumpNode(Dumper.labeled("for", f.label), parts.map { $0.map(node) ?? DumpNode("_") } + [node(f.body)], f.range)
        case .while(let w):
            return DumpNode(Dumper.labeled("while", w.label), [node(w.condition), node(w.body)], w.range)
        case .doLoop(let d):
            return DumpNode(Dumper.labeled(d.isUntil ? "do-until" : "do-while", d.label), [node(d.body), node(d.condition)], d.range)
        case .function(let f):
            var kids = [DumpNode(f.name, [], f.nameRange)]
            if let ps = f.parameters { kids.append(DumpNode("", ps.map(node), nil, list: true)) }
            kids.append(node(f.body))
            return DumpNode(f.isFilter ? "filter" : (f.isWorkflow ? "workflow" : "function"), kids, f.range)
        case .return(let p, let r): return DumpNode("return", p.map { [node($0)] } ?? [], r, list: true)
        case .exit(let p, let r): return DumpNode("exit", p.map { [node($0)] } ?? [], r, list: true)
        case .throw(let p, let r): return DumpNode("throw", p.map { [node($0)] } ?? [], r, list: true)
        case .break(let l, let r): return DumpNode("break", l.map { [node($0)] } ?? [], r, list: true)
        case .continue(let l, let r): return DumpNode("continue", l.map { [node($0)] } ?? [], r, list: true)
        case .trap(let t):
            return DumpNode("trap", (t.type.map { [DumpNode("[\($0.fullName)]")] } ?? []) + [node(t.body)], t.range)
        case .try(let t):
            var kids = [node(t.body)]
            kids += t.catches.map { c in DumpNode("catch", c.types.map { DumpNode("[\($0.fullName)]") } + [node(c.body)], c.range) }
            if let f = t.finally { kids.append(DumpNode("finally", [node(f)])) }
            return DumpNode("try", kids, t.range)
        case .data(let d):
            var kids: [DumpNode] = d.variable.map { [DumpNode($0)] } ?? []
            if !d.supportedCommands.isEmpty { kids.append(DumpNode("-supportedcommand", d.supportedCommands.map(node))) }
            kids.append(node(d.body))
            return DumpNode("data", kids, d.range)
        case .typeDefinition(let t):
            var kids = t.attributes.map(node) + [DumpNode(t.name)]
            if !t.baseTypes.isEmpty { kids += [DumpNode(":")] + t.baseTypes.map { DumpNode("[\($0.fullName)]") } }
            kids += t.members.map(node)
            return DumpNode(t.kind.rawValue, kids, t.range)
        case .using(let u):
            var kids = [DumpNode(u.kind.rawValue)]
            if let a = u.alias { kids += [node(a), DumpNode("=")] }
            if let n = u.name { kids.append(node(n)) }
            return DumpNode("using", kids, u.range)
        case .error(let r):
            return DumpNode("error", [], r, list: true)
        }
    }

    static func labeled(_ s: String, _ label: String?) -> String {
        label.map { "\(s):\($0)" } ?? s
    }

    func node(_ m: TypeMember) -> DumpNode {
        func mods(_ attrs: [AttributeOrType], _ isStatic: Bool, _ hidden: Bool) -> [DumpNode] {
            (isStatic ? [DumpNode("static")] : []) + (hidden ? [DumpNode("hidden")] : []) + attrs.map(node)
        }
        switch m {
        case .property(let p):
            var kids = mods(p.attributes, p.isStatic, p.isHidden) + [DumpNode("$" + p.name)]
            if let v = p.initialValue { kids += [DumpNode("="), node(v)] }
            return DumpNode("property", kids, p.range)
        case .method(let me):
            var kids = mods(me.attributes, me.isStatic, me.isHidden) + [DumpNode(me.name)]
            kids.append(DumpNode("", me.parameters.map(node), nil, list: true))
            if let b = me.baseArguments { kids.append(DumpNode("base", b.map(node), nil, list: true)) }
            kids.append(node(me.body))
            return DumpNode("method", kids, me.range)
        case .enumMember(let name, let value, let r):
            return DumpNode(name, value.map { [DumpNode("="), node($0)] } ?? [], r)
        }
    }

    // MARK: Pipeline elements

    func node(_ e: PipelineElement) -> DumpNode {
        switch e {
        case .expression(let ce):
            if ce.redirections.isEmpty { return node(ce.expression) }
            return DumpNode("redirect", [node(ce.expression)] + ce.redirections.map(node), ce.range)
        case .command(let c):
            let head: String
            switch c.invocation {
            case .none: head = "cmd"
            case .ampersand: head = "&"
            case .dot: head = "."
            }
            var kids: [DumpNode] = c.elements.map { el in
                switch el {
                case .argument(let a): return node(a)
                case .parameter(let p):
                    if let arg = p.argument { return DumpNode("-\(p.name):", [node(arg)], p.range) }
                    return DumpNode(p.usedColon ? "-\(p.name):" : "-\(p.name)", [], p.range)
                }
            }
            kids += c.redirections.map(node)
            return DumpNode(head, kids, c.range)
        }
    }

    func node(_ r: RedirectionNode) -> DumpNode {
        let streams = ["*", "", "2", "3", "4", "5", "6"]
        let from = streams[r.redirection.from.rawValue]
        if let to = r.redirection.mergeTo {
            return DumpNode("\(from.isEmpty ? "1" : from)>&\(to.rawValue)", [], r.range, list: true)
        }
        let op = from + (r.redirection.append ? ">>" : ">")
        return DumpNode(op, r.target.map { [node($0)] } ?? [], r.range, list: true)
    }

    // MARK: Expressions

    func node(_ e: Expression) -> DumpNode {
        guarded(e.range) { expressionNode(e) }
    }

    func expressionNode(_ e: Expression) -> DumpNode {
        switch e {
        case .constant(let n, let r): return DumpNode(Dumper.number(n), [], r)
        case .string(let s): return DumpNode(Dumper.string(s.value, s.kind), [], s.range)
        case .expandableString(let s):
            let kids: [DumpNode] = s.parts.map { part in
                switch part {
                case .literal(let text): return DumpNode(Dumper.quote(text, "\""))
                case .expression(let x): return node(x)
                }
            }
            return DumpNode(s.kind == .bareword ? "expand-bare" : "expand", kids, s.range, list: true)
        case .variable(let v): return DumpNode(Dumper.variable(v), [], v.range)
        case .type(let t, let r): return DumpNode("[\(t.fullName)]", [], r)
        case .binary(let b): return DumpNode(b.op.text, [node(b.left), node(b.right)], b.range)
        case .unary(let u): return DumpNode(u.op.rawValue, [node(u.operand)], u.range)
        case .ternary(let t): return DumpNode("?:", [node(t.condition), node(t.ifTrue), node(t.ifFalse)], t.range)
        case .convert(let c): return DumpNode("cast", [DumpNode("[\(c.type.fullName)]", [], c.typeRange), node(c.operand)], c.range)
        case .attributed(let a): return DumpNode("attr", [node(AttributeOrType.attribute(a.attribute)), node(a.operand)], a.range)
        case .member(let m):
            return DumpNode(m.isStatic ? "::" : (m.nullConditional ? "?." : "."), [node(m.target), node(m.member)], m.range)
        case .invokeMember(let m):
            var kids = [node(m.target), node(m.member)]
            if !m.genericArguments.isEmpty { kids.append(DumpNode("<" + m.genericArguments.map(\.fullName).joined(separator: ",") + ">")) }
            kids += m.arguments.map(node)
            return DumpNode(m.isStatic ? "::call" : (m.nullConditional ? "?.call" : ".call"), kids, m.range)
        case .index(let i): return DumpNode(i.nullConditional ? "?[]" : "[]", [node(i.target), node(i.index)], i.range)
        case .arrayLiteral(let items, let r): return DumpNode(",", items.map(node), r)
        case .arrayExpression(let b, let r): return DumpNode("@()", b.statements.map(node), r, list: true)
        case .subExpression(let b, let r): return DumpNode("$()", b.statements.map(node), r, list: true)
        case .paren(let s, let r): return DumpNode("paren", [node(s)], r)
        case .hashtable(let entries, let r):
            return DumpNode("@{}", entries.map { DumpNode("=", [node($0.key), node($0.value)]) }, r, list: true)
        case .scriptBlock(let s): return node(s)
        case .using(let x, let r): return DumpNode("using", [node(x)], r)
        case .error(let parts, let r): return DumpNode("error", parts.map(node), r, list: true)
        }
    }

    static func number(_ n: NumberLiteral) -> String {
        switch n {
        case .int32(let v): return String(v)
        case .int64(let v): return "\(v)l"
        case .uint32(let v): return "\(v)u"
        case .uint64(let v): return "\(v)ul"
        case .int16(let v): return "\(v)s"
        case .uint16(let v): return "\(v)us"
        case .sbyte(let v): return "\(v)y"
        case .byte(let v): return "\(v)uy"
        case .double(let v): return v.description
        case .decimal(let s): return s + "d"
        case .bigInteger(let s): return s + "n"
        }
    }

    static func string(_ value: String, _ kind: StringKind) -> String {
        switch kind {
        case .bareword:
            let plain = !value.isEmpty && !value.contains { " \t\n\r()\"'".contains($0) }
            return plain ? value : "bare" + quote(value, "\"")
        case .singleQuoted: return quote(value, "'")
        case .doubleQuoted: return quote(value, "\"")
        case .singleQuotedHere: return "@" + quote(value, "'")
        case .doubleQuotedHere: return "@" + quote(value, "\"")
        }
    }

    /// Quotes for the dump, escaping the quote, backslash and control characters.
    static func quote(_ s: String, _ q: Character) -> String {
        var out = String(q)
        for ch in s.unicodeScalars {
            switch ch {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                if Character(ch) == q { out += "\\" + String(q) }
                else if ch.value < 0x20 { out += "\\u{\(String(ch.value, radix: 16))}" }
                else { out.unicodeScalars.append(ch) }
            }
        }
        return out + String(q)
    }

    static func variable(_ v: VariableExpression) -> String {
        let sigil = v.splatted ? "@" : "$"
        let simple = v.path.userPath.unicodeScalars.allSatisfy { c in
            CharClass.isLetterOrDigit(c.value) || c == "_" || c == ":" || c == "?" || c == "^" || c == "$"
        }
        return simple && !v.path.userPath.isEmpty ? sigil + v.path.userPath : sigil + "{" + v.path.userPath + "}"
    }
}
