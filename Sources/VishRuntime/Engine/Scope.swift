/// A PowerShell variable. Type-constrained variables (`[int]$x = 1`) convert every value
/// assigned to them.
public final class PSVariable {
    public let name: String
    public var value: Value
    public var typeConstraint: PSType?
    public var options: Options
    public var description = ""

    public struct Options: OptionSet {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let readOnly = Options(rawValue: 1)
        public static let constant = Options(rawValue: 2)
        public static let `private` = Options(rawValue: 4)
        public static let allScope = Options(rawValue: 8)
    }

    public init(_ name: String, _ value: Value, type: PSType? = nil, options: Options = []) {
        self.name = name
        self.value = value
        self.typeConstraint = type
        self.options = options
    }

    /// `value` as a variable constrained to `type` takes it; pwsh reports a failure as an
    /// ArgumentTransformationMetadataException. ActionPreference variables refuse Suspend,
    /// which pwsh reserves (ArgumentTypeConverterAttribute).
    static func constrained(_ type: PSType, _ value: Value, _ position: ErrorPosition) throws -> Value {
        let message: String
        do {
            let v = try Convert.to(type, value.normalized, position)
            guard type.fullName == ActionPreference.typeName, case .object(let e as EnumValue) = v, e.name == "Suspend" else { return v }
            message = ActionPreference.reservedMessage
        } catch let r as ErrorRecord {
            message = r.message
        }
        let e = ErrorRecord("System.Management.Automation.ArgumentTransformationMetadataException", message,
                            id: "RuntimeException", category: .metadataError, position: position)
        e.atSequencePoint = true
        throw e
    }
}

/// One level of PowerShell's dynamic scope chain. A script, each function or script
/// block call, and the global session each get one. Variables the compiled code knows
/// about live in `slots` (an index per name, fixed at compile time); others (made by
/// Set-Variable, dot-sourced scripts…) in `dynamic`. Lookups walk to the caller's scope,
/// not the definition's: that is PowerShell's rule.
public final class Scope {
    public internal(set) var parent: Scope?
    /// The compiled block's names → slot indexes (shared, immutable).
    let symbols: SymbolTable
    var slots: [PSVariable?]
    var dynamic: [String: PSVariable]?
    /// Functions defined in this scope.
    var functions: [String: FunctionInfo]?
    /// Set in a class method's scope: `return` hands its value here.
    var methodReturn: MethodReturn?
    /// `$script:` resolves to the nearest scope marked as a script scope.
    public let isScriptScope: Bool
    /// The session; unowned: the context owns the global scope, and calls outlive no context.
    var context: ExecutionContext! {
        get { contextRef?.takeUnretainedValue() }
        set { contextRef = newValue.map { Unmanaged.passUnretained($0) } }
    }
    private var contextRef: Unmanaged<ExecutionContext>?

    /// The session, for hot paths: used without retaining it.
    @inline(__always) func withContext<R>(_ body: (ExecutionContext) throws -> R) rethrows -> R {
        try contextRef.unsafelyUnwrapped._withUnsafeGuaranteedRef(body)
    }

    init(parent: Scope?, symbols: SymbolTable, context: ExecutionContext?, isScriptScope: Bool = false) {
        self.parent = parent
        self.symbols = symbols
        self.slots = [PSVariable?](repeating: nil, count: symbols.count)
        self.isScriptScope = isScriptScope
        if let context { self.context = context }
    }

    /// A slot variable's value, read without retaining the variable (the hot path of
    /// every variable read).
    @inline(__always) func slotValue(_ slot: Int) -> Value? {
        slots.withUnsafeBufferPointer { buf in
            guard slot < buf.count, let v = buf[slot] else { return nil }
            return v.value
        }
    }

    /// `body` on the hashtable a slot variable holds, without retaining the slots, the
    /// variable or the hashtable (each is read as bits: a typed load of a reference makes
    /// Swift retain it around an opaque call); nil when the slot holds something else.
    /// `body` must not run script (it could drop all three).
    @inline(__always) func withSlotHashtable<R>(_ slot: Int, _ body: (PSHashtable) -> R?) -> R? {
        let (base, count) = slots.withUnsafeBufferPointer { (UnsafeRawPointer($0.baseAddress), $0.count) }
        guard slot < count, let base,
              let variable = base.load(fromByteOffset: slot * MemoryLayout<PSVariable?>.stride, as: UnsafeRawPointer?.self)
        else { return nil }
        return Unmanaged<PSVariable>.fromOpaque(variable)._withUnsafeGuaranteedRef { v in
            withUnsafePointer(to: &v.value) { p -> R? in
                guard case .object = p.pointee else { return nil }
                // The payload of `.object` read as a reference, not copied out.
                let raw = UnsafeRawPointer(p).load(as: UnsafeRawPointer.self)
                assert({ if case .object(let o) = p.pointee { return Unmanaged.passUnretained(o).toOpaque() == UnsafeMutableRawPointer(mutating: raw) }; return false }())
                // PSHashtable is final: its objects are those with its metadata.
                guard raw.load(as: UnsafeRawPointer.self) == Self.hashtableMetadata else { return nil }
                return Unmanaged<PSHashtable>.fromOpaque(raw)._withUnsafeGuaranteedRef(body)
            }
        }
    }

    private static let hashtableMetadata = unsafeBitCast(PSHashtable.self as AnyClass, to: UnsafeRawPointer.self)

    /// A slot variable's value when it is an Int32, read in place.
    @inline(__always) func slotInt(_ slot: Int) -> Int32? {
        slots.withUnsafeBufferPointer { buf in
            guard slot < buf.count, buf[slot] != nil else { return nil }
            return unretained(buf[slot]!) { v in
                if case .int(let i) = v.value { return i }
                return nil
            }
        }
    }

    /// Whether this scope's slots are laid out by `table` (compared without retaining either).
    @inline(__always) func has(_ table: Unmanaged<SymbolTable>) -> Bool {
        Unmanaged.passUnretained(symbols).toOpaque() == table.toOpaque()
    }

    /// The variable defined in this scope (not parents).
    @inline(__always) func local(_ key: String) -> PSVariable? {
        if let slot = symbols.slot(key), let v = slots[slot] { return v }
        return dynamic?[key]
    }

    /// `lookup` once this scope's slot for the name is known to be empty.
    func lookupOutside(_ key: String) -> PSVariable? {
        if let v = dynamic?[key] { return v }
        var s = parent
        while let scope = s {
            if let v = scope.local(key), !v.options.contains(.private) { return v }
            s = scope.parent
        }
        return nil
    }

    /// Finds a variable by lowercased name through the chain; private variables are
    /// seen only from their own scope.
    func lookup(_ key: String) -> PSVariable? {
        if let v = local(key) { return v }
        var s = parent
        while let scope = s {
            if let v = scope.local(key), !v.options.contains(.private) { return v }
            s = scope.parent
        }
        // Where only `$_` was set (a ForEach-Object body), `PSItem` by name finds it.
        if key == "psitem" { return lookup("_") }
        return nil
    }

    /// Creates or replaces the variable in this scope.
    @discardableResult
    func define(_ key: String, _ variable: PSVariable) -> PSVariable {
        if let slot = symbols.slot(key) {
            slots[slot] = variable
        } else {
            if dynamic == nil { dynamic = [:] }
            dynamic![key] = variable
        }
        return variable
    }

    /// A variable name as -OutVariable and -ErrorVariable take it (`script:a`, `global:a`):
    /// the scope it names and the bare name.
    func qualified(_ name: String) -> (scope: Scope, name: String) {
        let lower = name.lowercased()
        if lower.hasPrefix("global:") { return (globalScope, String(name.dropFirst(7))) }
        if lower.hasPrefix("script:") { return (scriptScope, String(name.dropFirst(7))) }
        if lower.hasPrefix("local:") { return (self, String(name.dropFirst(6))) }
        if lower.hasPrefix("private:") { return (self, String(name.dropFirst(8))) }
        return (self, name)
    }

    /// `$name = value` from native code: updates the variable of this scope or creates it.
    func assign(_ name: String, _ value: Value) {
        let key = name.lowercased()
        if let v = local(key) { v.value = value } else { define(key, PSVariable(name, value)) }
    }

    func remove(_ key: String) -> Bool {
        if let slot = symbols.slot(key), slots[slot] != nil {
            slots[slot] = nil
            return true
        }
        return dynamic?.removeValue(forKey: key) != nil
    }

    /// The nearest enclosing script scope (or the global scope).
    var scriptScope: Scope {
        var s: Scope = self
        while !s.isScriptScope, let p = s.parent { s = p }
        return s
    }

    var globalScope: Scope {
        var s: Scope = self
        while let p = s.parent { s = p }
        return s
    }

    /// All variables visible from here, nearest first (for Get-Variable).
    func visibleVariables() -> [PSVariable] {
        var seen = Set<String>()
        var result: [PSVariable] = []
        var s: Scope? = self
        var first = true
        while let scope = s {
            var here: [PSVariable] = scope.slots.compactMap { $0 }
            if let d = scope.dynamic { here += d.values }
            for v in here where !seen.contains(v.name.lowercased()) {
                if !first && v.options.contains(.private) { continue }
                seen.insert(v.name.lowercased())
                result.append(v)
            }
            first = false
            s = scope.parent
        }
        return result
    }

    func lookupFunction(_ key: String) -> FunctionInfo? {
        var s: Scope? = self
        while let scope = s {
            if let f = scope.functions?[key] { return f }
            s = scope.parent
        }
        return nil
    }

    func defineFunction(_ key: String, _ f: FunctionInfo) {
        if functions == nil { functions = [:] }
        functions![key] = f
        ResolvedCommand.invalidateAll()
    }

    deinit {
        // Its functions go out of scope with it.
        if functions != nil { ResolvedCommand.invalidateAll() }
    }

    /// Empties a call's scope, once nothing holds it, for the next call of the same block.
    /// The variables of `keeping` (the parameters) stay as they are: the next call gives
    /// them their values (or replaces them if something else came to hold them). Their
    /// old values live on until then.
    /// `clearing`: the slots that are not kept (slots past the table it was made from, if
    /// the block's table grew since, are cleared too).
    func clearForReuse(clearing: [Int], tableSize: Int) {
        if functions != nil {
            functions = nil
            ResolvedCommand.invalidateAll()
        }
        // Read first: most calls leave nothing to clear, and a write would make Swift check
        // the array for sharing.
        let dirty = slots.withUnsafeBufferPointer { buf in
            clearing.contains { $0 < buf.count && buf[$0] != nil } || buf.count > tableSize
        }
        if dirty {
            slots.withUnsafeMutableBufferPointer { buf in
                for i in clearing where i < buf.count { buf[i] = nil }
                if buf.count > tableSize { for i in tableSize..<buf.count { buf[i] = nil } }
            }
        }
        if dynamic != nil { dynamic = nil }
        if methodReturn != nil { methodReturn = nil }
        parent = nil
    }
}

/// Names a compiled script block assigns (its locals), with their slot numbers.
final class SymbolTable {
    private(set) var names: [String] = []
    private var index: [String: Int] = [:]

    var count: Int { names.count }

    @inline(__always) func slot(_ key: String) -> Int? { index[key] }

    /// `$_`'s slot: the compiler gives every block one, first.
    private(set) var underscoreSlot: Int?

    func add(_ key: String) -> Int {
        if let i = index[key] { return i }
        if key == "_" { underscoreSlot = names.count }
        index[key] = names.count
        names.append(key)
        return names.count - 1
    }

    static let empty = SymbolTable()
}
