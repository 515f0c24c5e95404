import Foundation
import VishSyntax

/// Where an assignment stores its value.
protocol AssignTarget: AnyObject {
    func read(_ s: Scope) throws -> Value
    func assign(_ value: Value, _ s: Scope) throws
}

/// `$null = …`: the value is dropped.
final class DiscardTarget: AssignTarget {
    func read(_ s: Scope) throws -> Value { .null }
    func assign(_ value: Value, _ s: Scope) throws {}
}

final class ConstantExpr: Expr {
    let value: Value
    init(_ value: Value, _ range: SourceRange) {
        self.value = value
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value { value }
}

/// A variable reference. An unqualified name the compiled block assigns has a slot in
/// the block's scope; when the block runs dot-sourced in another scope, or the slot is
/// empty, the name is looked up through the scope chain.
final class VariableTarget: Expr, AssignTarget {
    enum Kind {
        case local(slot: Int)
        case dynamic
        case global, script, environment, `private`
        /// `$local:x`: this scope only, for reads too.
        case localOnly

        var isUnqualified: Bool {
            switch self {
            case .local, .dynamic: return true
            default: return false
            }
        }
    }

    let key: String
    let name: String
    let kind: Kind
    let symbols: SymbolTable
    let position: ErrorPosition
    /// `[int]$x = …`: the assignment constrains the variable's type.
    var constraint: PSType?

    init(name: String, key: String, kind: Kind, symbols: SymbolTable, _ range: SourceRange, _ position: ErrorPosition) {
        self.name = name
        self.key = key
        self.kind = kind
        self.symbols = symbols
        self.position = position
        super.init(range)
    }

    /// The table `foreignSlot` belongs to: the last scope compiled for other code this
    /// name was used in (a dot-sourced block, a ForEach-Object body, runs in its caller's
    /// scope). Held strongly, so that no other table can come to sit at its address.
    private var foreignTable: SymbolTable?
    private var foreignSlot = -1

    /// The slot this unqualified name has in `s`, if its table gives it one.
    @inline(__always) func slot(in s: Scope) -> Int? {
        if s.symbols === symbols {
            if case .local(let slot) = kind { return slot }
            return nil
        }
        guard kind.isUnqualified else { return nil }
        if s.symbols !== foreignTable {
            foreignTable = s.symbols
            foreignSlot = s.symbols.slot(key) ?? -1
        }
        return foreignSlot >= 0 ? foreignSlot : nil
    }

    @inline(__always) func variable(_ s: Scope) -> PSVariable? {
        switch kind {
        case .local, .dynamic:
            if let slot = slot(in: s) {
                if let v = s.slots[slot] { return v }
                return s.lookupOutside(key)
            }
            return s.lookup(key)
        case .private, .localOnly: return s.local(key)
        case .global: return s.globalScope.local(key)
        case .script: return s.scriptScope.local(key)
        case .environment: return nil
        }
    }

    /// `$x += n` and `$x++` on a slot variable holding a number: done in place, without
    /// retaining the variable. False when that is not the case (the general path runs).
    @inline(__always) func addInPlace(_ rhs: Value, _ s: Scope) -> Bool {
        guard rhs.isPlainNumber, let slot = slot(in: s) else { return false }
        return s.slots.withUnsafeBufferPointer { buf in
            guard buf[slot] != nil else { return false }
            return unretained(buf[slot]!) { v in
                guard v.value.isPlainNumber, v.typeConstraint == nil, v.options.isEmpty,
                      let sum = Arithmetic.fastAdd(v.value, rhs) else { return false }
                // The old value is a plain number: overwriting it needs no release (which
                // would make Swift retain the slots around it).
                withUnsafeMutablePointer(to: &v.value) { $0.initialize(to: sum) }
                return true
            }
        }
    }

    /// The variable when it lives in `s` itself (assignments write there).
    @inline(__always) func localVariable(_ s: Scope) -> PSVariable? {
        switch kind {
        case .local, .dynamic:
            if let slot = slot(in: s) { return s.slots[slot] }
            return s.local(key)
        case .private, .localOnly: return s.local(key)
        default: return nil
        }
    }

    override func eval(_ s: Scope) throws -> Value {
        if case .environment = kind {
            return ProcessInfo.processInfo.environment[name].map { .string($0) } ?? .null
        }
        if let slot = slot(in: s), let v = s.slotValue(slot) { return v }
        if let v = variable(s) { return v.value }
        return try Automatic.value(key, s) ?? undefined(s)
    }

    private func undefined(_ s: Scope) throws -> Value {
        if s.context.strictMode >= 1 {
            throw ErrorRecord("System.Management.Automation.RuntimeException",
                              "The variable '$\(name)' cannot be retrieved because it has not been set.",
                              id: "VariableIsUndefined", category: .invalidOperation, target: .string(name), position: position)
        }
        return .null
    }

    func read(_ s: Scope) throws -> Value { try eval(s) }

    func assign(_ value: Value, _ s: Scope) throws {
        // `$?` is computed, and read-only in every scope.
        if key == "?" { throw notWritable("?") }
        let scope: Scope
        switch kind {
        case .environment:
            if value.isNullish { unsetenv(name) } else { setenv(name, Convert.toString(value, ConversionContext()), 1) }
            return
        case .global: scope = s.globalScope
        case .script: scope = s.scriptScope
        case .local, .dynamic, .private, .localOnly: scope = s
        }
        if let constraint {
            let converted = try convertForVariable(constraint, value)
            if let existing = scope.local(key) {
                existing.typeConstraint = constraint
                existing.value = converted
            } else {
                scope.define(key, PSVariable(name, converted, type: constraint, options: isPrivate ? .private : []))
            }
            return
        }
        if scope === s, let slot = slot(in: s), let v = s.slots[slot] {
            try set(v, value)
            return
        }
        if let existing = scope.local(key) {
            try set(existing, value)
        } else if kind.isUnqualified, let shared = s.lookup(key), shared.options.contains(.allScope) {
            // An AllScope variable is one variable in every scope.
            try set(shared, value)
        } else {
            scope.define(key, PSVariable(name, value, options: isPrivate ? .private : []))
        }
    }

    /// A constrained variable that cannot take the value keeps its old one; pwsh reports
    /// an ArgumentTransformationMetadataException.
    private func convertForVariable(_ t: PSType, _ value: Value) throws -> Value {
        try PSVariable.constrained(t, value, position)
    }

    private var isPrivate: Bool { if case .private = kind { return true }; return false }

    private func notWritable(_ name: String) -> ErrorRecord {
        let r = ErrorRecord("System.Management.Automation.SessionStateUnauthorizedAccessException",
                            "Cannot overwrite variable \(name) because it is read-only or constant.",
                            id: "VariableNotWritable", category: .writeError, target: .string(name), position: position)
        r.atSequencePoint = true
        return r
    }

    @inline(__always) private func set(_ v: PSVariable, _ value: Value) throws {
        if v.options.contains(.readOnly) || v.options.contains(.constant) { throw notWritable(v.name) }
        if let t = v.typeConstraint {
            v.value = try convertForVariable(t, value)
        } else {
            v.value = value
        }
    }
}

/// `$a, $b = 1, 2, 3`: each target but the last takes one value; the last takes the rest.
final class MultiTarget: AssignTarget {
    let targets: [AssignTarget]
    init(_ targets: [AssignTarget]) { self.targets = targets }

    func read(_ s: Scope) throws -> Value {
        .object(PSArray(try targets.map { try $0.read(s) }))
    }

    func assign(_ value: Value, _ s: Scope) throws {
        let items: [Value]
        if case .object(let o) = value, o.isEnumerable { items = o.enumerate() } else { items = [value] }
        for (i, t) in targets.enumerated() {
            if i == targets.count - 1 {
                let rest = Array(items.dropFirst(i))
                try t.assign(rest.isEmpty ? .null : (rest.count == 1 ? rest[0] : .object(PSArray(rest))), s)
            } else {
                try t.assign(i < items.count ? items[i] : .null, s)
            }
        }
    }
}

/// `$x.Name = v`.
final class MemberTarget: AssignTarget {
    let target: Expr
    let member: Expr
    let position: ErrorPosition
    /// `[Type]::Name = …`.
    let isStatic: Bool
    init(_ target: Expr, _ member: Expr, isStatic: Bool = false, _ position: ErrorPosition) {
        self.target = target
        self.member = member
        self.isStatic = isStatic
        self.position = position
    }

    func read(_ s: Scope) throws -> Value {
        let t = try target.eval(s)
        let name = Convert.toString(try member.eval(s), ConversionContext())
        if isStatic, case .object(let type as TypeObject) = t { return try StaticMembers.property(type.type, name, position, s) }
        return try Members.getProperty(t, name, s, position)
    }

    func assign(_ value: Value, _ s: Scope) throws {
        let t = try target.eval(s)
        try Members.setProperty(t, Convert.toString(try member.eval(s), ConversionContext()), value.normalized, position)
    }
}

/// `$x[i] = v`.
final class IndexTarget: AssignTarget {
    let target: Expr
    let index: Expr
    let position: ErrorPosition
    /// `$h[$k] = v` on a hashtable in a slot variable: stored in place.
    private let base: IntOperand
    init(_ target: Expr, _ index: Expr, _ position: ErrorPosition) {
        self.target = target
        self.index = index
        self.position = position
        base = IntOperand(target)
    }

    func read(_ s: Scope) throws -> Value {
        try Indexing.get(try target.eval(s), try index.eval(s), position)
    }

    func assign(_ value: Value, _ s: Scope) throws {
        if case .slot(let slot, let symbols, _) = base, s.has(symbols) {
            let idx = try index.eval(s).normalized
            let v = value.normalized
            let stored: Bool? = s.withSlotHashtable(slot) { h in
                h[idx] = v
                return true
            }
            if stored != nil { return }
            try Indexing.set(try target.eval(s), idx, v, position)
            return
        }
        try Indexing.set(try target.eval(s), try index.eval(s), value.normalized, position)
    }
}

/// `$function:name`: reads a function as a script block; assigning defines it.
final class FunctionDriveTarget: Expr, AssignTarget {
    let name: String
    init(name: String, _ range: SourceRange) {
        self.name = name
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        guard let f = s.lookupFunction(name.lowercased()) else { return .null }
        return .object(ScriptBlockObject(f.block))
    }
    func read(_ s: Scope) throws -> Value { try eval(s) }
    func assign(_ value: Value, _ s: Scope) throws {
        guard case .object(let sb as ScriptBlockObject) = value.normalized else { return }
        s.defineFunction(name.lowercased(), FunctionInfo(name: name, block: sb.block))
    }
}
