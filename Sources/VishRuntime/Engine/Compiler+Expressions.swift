import Foundation
import VishSyntax

extension Compiler {
    func expression(_ e: Expression) throws -> Expr {
        switch e {
        case .constant(let n, let r):
            return ConstantExpr(Value(n), r)
        case .string(let s):
            return ConstantExpr(.string(s.value), s.range)
        case .expandableString(let s):
            let parts: [ExpandableStringExpr.Part] = try s.parts.map { p in
                switch p {
                case .literal(let t): return .literal(t)
                case .expression(let x): return .expr(try expression(x))
                }
            }
            return ExpandableStringExpr(parts, s.range)
        case .variable(let v):
            return variable(v)
        case .type(let t, let r):
            return TypeExpr(try resolveType(t, r), r)
        case .binary(let b):
            return try binary(b)
        case .unary(let u):
            return try unary(u)
        case .ternary(let t):
            return TernaryExpr(try expression(t.condition), try expression(t.ifTrue), try expression(t.ifFalse), t.range)
        case .convert(let c):
            return try convert(c)
        case .attributed(let a):
            return try expression(a.operand) // validation attributes apply to variables; not enforced yet
        case .member(let m):
            return MemberExpr(try expression(m.target), try memberName(m.member), isStatic: m.isStatic,
                              nullConditional: m.nullConditional, m.range, position(m.range))
        case .invokeMember(let m):
            return InvokeMemberExpr(try expression(m.target), try memberName(m.member), try m.arguments.map(expression),
                                    isStatic: m.isStatic, nullConditional: m.nullConditional, m.range, position(m.range))
        case .index(let i):
            return IndexExpr(try expression(i.target), try expression(i.index), nullConditional: i.nullConditional,
                             i.range, position(i.range))
        case .arrayLiteral(let items, let r):
            return ArrayLiteralExpr(try items.map(expression), r)
        case .arrayExpression(let b, let r):
            return ArrayExpr(try statements(b), r)
        case .subExpression(let b, let r):
            // `$()` with nothing in it is $null (pwsh's compiler makes it the constant), so
            // that `$() | f` pipes one $null where `$(@())` pipes nothing.
            if b.statements.isEmpty && b.traps.isEmpty { return ConstantExpr(.null, r) }
            return SubExpr(try statements(b), r)
        case .paren(let st, let r):
            return ParenExpr(try statement(st), r)
        case .hashtable(let entries, let r):
            return try hashtable(entries, ordered: false, r)
        case .scriptBlock(let sb):
            return ScriptBlockExpr(try Compiler.compile(sb, source: source), sb.range)
        case .using(let inner, _):
            return try expression(inner)
        case .error(_, let r):
            throw ErrorRecord("System.Management.Automation.ParseException", "The expression could not be parsed.",
                              id: "ParseError", category: .parserError, position: position(r))
        }
    }

    /// A member name: a bareword is a constant string.
    func memberName(_ e: Expression) throws -> Expr {
        if case .string(let s) = e { return ConstantExpr(.string(s.value), s.range) }
        return try expression(e)
    }

    func hashtable(_ entries: [HashEntry], ordered: Bool, _ r: SourceRange) throws -> HashtableExpr {
        HashtableExpr(try entries.map { (try keyExpression($0.key), try statement($0.value)) }, ordered: ordered, r)
    }

    /// A hashtable key: a bareword key is its text.
    func keyExpression(_ e: Expression) throws -> Expr {
        if case .string(let s) = e { return ConstantExpr(.string(s.value), s.range) }
        return try expression(e)
    }

    func variable(_ v: VariableExpression) -> Expr {
        let name = v.path.name
        var key = name.lowercased()
        // `$PSItem` is another name for `$_` (pwsh's compiler maps both to one slot).
        if key == "psitem" && v.path.qualifier == nil { key = "_" }
        switch v.path.qualifier?.lowercased() {
        case nil:
            switch key {
            case "null": return ConstantExpr(.null, v.range)
            case "true": return ConstantExpr(.true, v.range)
            case "false": return ConstantExpr(.false, v.range)
            default: break
            }
            if let slot = symbols.slot(key) {
                return VariableTarget(name: name, key: key, kind: .local(slot: slot), symbols: symbols, v.range, position(v.range))
            }
            return VariableTarget(name: name, key: key, kind: .dynamic, symbols: symbols, v.range, position(v.range))
        case "local":
            return VariableTarget(name: name, key: key, kind: .localOnly, symbols: symbols, v.range, position(v.range))
        case "private":
            return VariableTarget(name: name, key: key, kind: .private, symbols: symbols, v.range, position(v.range))
        case "global":
            return VariableTarget(name: name, key: key, kind: .global, symbols: symbols, v.range, position(v.range))
        case "script":
            return VariableTarget(name: name, key: key, kind: .script, symbols: symbols, v.range, position(v.range))
        case "env":
            return VariableTarget(name: name, key: key, kind: .environment, symbols: symbols, v.range, position(v.range))
        case "variable":
            return VariableTarget(name: name, key: key, kind: .dynamic, symbols: symbols, v.range, position(v.range))
        case "function":
            return FunctionDriveTarget(name: name, v.range)
        default:
            // Other drives ($function:, $alias:) are not modelled; read as undefined.
            return VariableTarget(name: v.path.userPath, key: v.path.userPath.lowercased(), kind: .dynamic,
                                  symbols: symbols, v.range, position(v.range))
        }
    }

    func binary(_ b: BinaryExpression) throws -> Expr {
        let l = try expression(b.left)
        let r = try expression(b.right)
        return BinaryExpr(b.op, l, r, b.range, position(b.operatorRange.union(b.range)), operatorPosition: position(b.operatorRange))
    }

    func unary(_ u: UnaryExpression) throws -> Expr {
        switch u.op {
        case .preIncrement, .preDecrement, .postIncrement, .postDecrement:
            let target = try assignTarget(u.operand)
            let delta: Int32 = (u.op == .preIncrement || u.op == .postIncrement) ? 1 : -1
            let prefix = u.op == .preIncrement || u.op == .preDecrement
            return IncrementExpr(target, delta: delta, prefix: prefix, u.range, position(u.range))
        default:
            return UnaryExpr(u.op, try expression(u.operand), u.range, position(u.range))
        }
    }

    func convert(_ c: ConvertExpression) throws -> Expr {
        // `[ref]$x`: a reference to the variable itself.
        if c.type.fullName.lowercased() == "ref" || c.type.fullName.lowercased() == "system.management.automation.psreference" {
            if case .variable = c.operand, let target = try assignTarget(c.operand) as? VariableTarget {
                return ReferenceExpr(target: target, value: nil, c.range)
            }
            return ReferenceExpr(target: nil, value: try expression(c.operand), c.range)
        }
        let type = try resolveType(c.type, c.typeRange)
        if case .hashtable(let entries, let r) = c.operand {
            if type.kind == .ordered { return try hashtable(entries, ordered: true, r) }
            if type.kind == .pscustomobject {
                return CustomObjectExpr(try hashtable(entries, ordered: true, r), c.range)
            }
        }
        return ConvertExpr(type, try expression(c.operand), c.range, position(c.range))
    }

    func resolveType(_ t: TypeName, _ r: SourceRange) throws -> PSType {
        if let type = PSType.resolve(t) { return type }
        return PSType.unresolved(t.fullName)
    }

    /// What an assignment (or `++`) writes to.
    func assignTarget(_ e: Expression) throws -> AssignTarget {
        switch e {
        case .variable(let v):
            if v.path.qualifier == nil && v.path.name.lowercased() == "null" { return DiscardTarget() }
            if let f = variable(v) as? FunctionDriveTarget { return f }
            guard let target = variable(v) as? VariableTarget else {
                throw ErrorRecord("System.Management.Automation.RuntimeException",
                                  "Cannot overwrite variable \(v.path.name) because it is read-only or constant.",
                                  id: "VariableNotWritable", category: .writeError, position: position(v.range))
            }
            return target
        case .convert(let c):
            let inner = try assignTarget(c.operand)
            if let v = inner as? VariableTarget {
                v.constraint = try resolveType(c.type, c.typeRange)
            }
            return inner
        case .attributed(let a):
            return try assignTarget(a.operand)
        case .member(let m):
            return MemberTarget(try expression(m.target), try memberName(m.member), isStatic: m.isStatic, position(m.range))
        case .index(let i):
            return IndexTarget(try expression(i.target), try expression(i.index), position(i.range))
        case .arrayLiteral(let items, _):
            return MultiTarget(try items.map(assignTarget))
        case .paren(let st, _):
            if case .pipeline(let p) = st, let x = p.pureExpression { return try assignTarget(x) }
            fallthrough
        default:
            throw ErrorRecord("System.Management.Automation.ParseException",
                              "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                              id: "InvalidLeftHandSide", category: .parserError, position: position(e.range))
        }
    }
}

extension Value {
    init(_ n: NumberLiteral) {
        switch n {
        case .int32(let v): self = .int(v)
        case .int64(let v): self = .long(v)
        case .double(let v): self = .double(v)
        case .decimal(let s): self = .decimal(NetDecimal(string: s) ?? .zero)
        case .uint32(let v): self = .object(PSScalarBox(.uint32(v)))
        case .uint64(let v): self = .object(PSScalarBox(.uint64(v)))
        case .int16(let v): self = .object(PSScalarBox(.int16(v)))
        case .uint16(let v): self = .object(PSScalarBox(.uint16(v)))
        case .sbyte(let v): self = .object(PSScalarBox(.sbyte(v)))
        case .byte(let v): self = .object(PSScalarBox(.byte(v)))
        case .bigInteger(let s): self = .object(PSScalarBox(.bigint(BigInt(s) ?? .zero)))
        }
    }
}
