import VishSyntax

/// A PowerShell `class`: typed properties (instance and static), constructors and
/// methods, single inheritance. Registered when the script is compiled, as pwsh resolves
/// a script's types before running it.
final class ClassDefinition {
    struct Property {
        let name: String
        let type: PSType?
        let isStatic: Bool
        let isHidden: Bool
        let initial: Expr?
    }

    struct Method {
        let name: String
        let block: CompiledBlock
        let returnType: PSType?
        let isStatic: Bool
        let baseArguments: [Expr]?
        var arity: Int { block.parameters.count }
    }

    let name: String
    let baseName: String?
    var properties: [Property] = []
    var methods: [Method] = []
    var constructors: [Method] = []
    /// Static properties' variables, made on first use.
    private var statics: [String: PSVariable]?
    /// The scope the definition runs in: methods see its variables as their parent's.
    var definingScope: Scope?

    init(name: String, baseName: String?) {
        self.name = name
        self.baseName = baseName
    }

    var base: ClassDefinition? { baseName.flatMap { Classes.find($0) } }

    /// Every instance property, base class first.
    var allProperties: [Property] { (base?.allProperties ?? []) + properties.filter { !$0.isStatic } }

    var typeNames: [String] { [name] + (base?.typeNames.dropLast() ?? []) + ["System.Object"] }

    func scope(for caller: Scope) -> Scope { definingScope ?? caller.scriptScope }

    /// `[Class]$value`: an instance passes; a hashtable sets properties on a new one;
    /// anything else goes to a one-argument constructor.
    func convert(_ v: Value, _ caller: Scope, _ position: ErrorPosition) throws -> Value {
        if case .object(let i as ClassInstance) = v, i.typeNames.contains(name) {
            // `([Base]$this).M()` calls the base class's M.
            return i.definition === self ? v : .object(BaseClassView(i, as: self))
        }
        if case .object(let b as BaseClassView) = v { return try convert(.object(b.instance), caller, position) }
        if case .object(let h as PSHashtable) = v {
            let instance = try construct([], caller, position)
            for (k, val) in zip(h.keys, h.values) {
                let key = Convert.toString(k, ConversionContext())
                guard instance.setProperty(key, val) else {
                    throw Errors.conversion(v, name, "Cannot create object of type \"\(name)\". The \(key) property was not found for the \(name) object. The available property is: \(allProperties.map { "[\($0.name) <\($0.type?.fullName ?? "System.Object")>]" }.joined(separator: " , "))", position)
                }
            }
            return .object(instance)
        }
        return .object(try construct([v], caller, position))
    }

    // MARK: Statics

    func staticVariable(_ name: String, _ caller: Scope) throws -> PSVariable? {
        if statics == nil {
            statics = [:]
            for p in properties where p.isStatic {
                var v = try p.initial?.eval(scope(for: caller)) ?? Self.defaultValue(p.type)
                if let t = p.type, p.initial != nil { v = try Convert.to(t, v, .none) }
                statics![p.name.lowercased()] = PSVariable(p.name, v, type: p.type)
            }
        }
        if let v = statics![name.lowercased()] { return v }
        return try base?.staticVariable(name, caller)
    }

    /// An unset property: value types start at their zero, everything else at $null.
    static func defaultValue(_ t: PSType?) -> Value {
        guard let t else { return .null }
        switch t.kind {
        case .string: return .null
        case .datetime: return .object(PSDateTime(ticks: 0))
        case .timespan: return .object(PSTimeSpan(ticks: 0))
        case .enumType: return Enums.find(t.fullName).map { .object($0.value(0)) } ?? .null
        default: return Convert.defaultValue(t)
        }
    }

    // MARK: Construction

    func construct(_ args: [Value], _ caller: Scope, _ position: ErrorPosition) throws -> ClassInstance {
        let instance = ClassInstance(self)
        try initialize(instance, args, caller, position)
        return instance
    }

    private func initialize(_ instance: ClassInstance, _ args: [Value], _ caller: Scope, _ position: ErrorPosition) throws {
        let ctor = constructors.first { $0.arity == args.count }
        if !constructors.isEmpty && ctor == nil || constructors.isEmpty && !args.isEmpty {
            throw Errors.runtime("Cannot find an overload for \"new\" and the argument count: \"\(args.count)\".",
                                 id: "MethodCountCouldNotFindBest", position)
        }
        // Base first: its defaults and its constructor (with `: base(…)` arguments).
        if let base {
            var baseArgs: [Value] = []
            if let exprs = ctor?.baseArguments {
                let s = try methodScope(ctor!, instance, args, caller)
                baseArgs = try exprs.map { try $0.eval(s) }
            }
            try base.initialize(instance, baseArgs, caller, position)
        }
        for p in properties where !p.isStatic {
            var v = try p.initial?.eval(scope(for: caller)) ?? Self.defaultValue(p.type)
            if let t = p.type, p.initial != nil { v = try Convert.to(t, v, position) }
            instance.values[p.name.lowercased()] = v
        }
        if let ctor { _ = try run(ctor, instance, args, caller, position) }
    }

    // MARK: Methods

    func findMethod(_ name: String, arity: Int, isStatic: Bool) -> (ClassDefinition, Method)? {
        if let m = methods.first(where: { $0.isStatic == isStatic && $0.arity == arity && $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
            return (self, m)
        }
        return base?.findMethod(name, arity: arity, isStatic: isStatic)
    }

    func hasMethod(_ name: String) -> Bool {
        methods.contains { $0.name.caseInsensitiveCompare(name) == .orderedSame } || (base?.hasMethod(name) ?? false)
    }

    private func methodScope(_ m: Method, _ this: ClassInstance?, _ args: [Value], _ caller: Scope) throws -> Scope {
        let s = Scope(parent: scope(for: caller), symbols: m.block.symbols, context: caller.context)
        if let this { s.define("this", PSVariable("this", .object(this))) }
        for (i, p) in m.block.parameters.enumerated() {
            var v = i < args.count ? args[i] : .null
            if let t = p.type { v = try Convert.to(t, v, .none) }
            s.define(p.name.lowercased(), PSVariable(p.name, v, type: p.type))
        }
        return s
    }

    /// Runs a method: only what `return` gives comes back (other output is dropped).
    func run(_ m: Method, _ this: ClassInstance?, _ args: [Value], _ caller: Scope, _ position: ErrorPosition) throws -> Value {
        let context = caller.context!
        try context.tick()
        context.callDepth += 1
        defer { context.callDepth -= 1 }
        if context.callDepth > ExecutionContext.maxCallDepth || !context.stack.hasRoom() {
            throw Errors.callDepthOverflow(position)
        }
        let s = try methodScope(m, this, args, caller)
        let box = MethodReturn()
        s.methodReturn = box
        do {
            try BlockNode.runStatements(m.block.end ?? [], s, NullSink.shared)
        } catch FlowSignal.returnFromCall {}
        guard let t = m.returnType else { return box.value ?? AutomationNull.value }
        if t.kind == .void { return AutomationNull.value }
        return try Convert.to(t, box.value ?? .null, position)
    }
}

/// Where a class method's `return` puts its value.
final class MethodReturn {
    var value: Value?
}

/// An instance of a script class.
final class ClassInstance: PSObjectBase {
    let definition: ClassDefinition
    var values: [String: Value] = [:]

    init(_ definition: ClassDefinition) { self.definition = definition }

    override var typeName: String { definition.name }
    override var typeNames: [String] { definition.typeNames }
    override var propertyNames: [String] { definition.allProperties.filter { !$0.isHidden }.map(\.name) }

    override func getProperty(_ name: String) -> Value? { values[name.lowercased()] }

    override func setProperty(_ name: String, _ value: Value) -> Bool {
        let key = name.lowercased()
        guard values[key] != nil, let p = definition.allProperties.first(where: { $0.name.lowercased() == key }) else { return false }
        values[key] = (try? p.type.map { try Convert.to($0, value, .none) } ?? value) ?? value
        return true
    }

    override func toString(_ context: ConversionContext) -> String {
        if definition.hasMethod("ToString"), let (def, m) = definition.findMethod("ToString", arity: 0, isStatic: false),
           let scope = definition.definingScope,
           let v = try? def.run(m, self, [], scope, .none) {
            return Convert.toString(v, context)
        }
        return definition.name
    }

    override func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? {
        guard let (def, m) = definition.findMethod(name, arity: args.count, isStatic: false) else {
            if definition.hasMethod(name) {
                throw Errors.runtime("Cannot find an overload for \"\(name)\" and the argument count: \"\(args.count)\".",
                                     id: "MethodCountCouldNotFindBest", .none)
            }
            return nil
        }
        return try def.run(m, self, args, definition.definingScope ?? context.globalScope, .none)
    }
}

/// An instance seen as one of its base classes: methods resolve from that class.
final class BaseClassView: PSObjectBase {
    let instance: ClassInstance
    let definition: ClassDefinition
    init(_ instance: ClassInstance, as definition: ClassDefinition) {
        self.instance = instance
        self.definition = definition
    }
    override var typeName: String { instance.typeName }
    override var typeNames: [String] { instance.typeNames }
    override var propertyNames: [String] { instance.propertyNames }
    override func getProperty(_ name: String) -> Value? { instance.getProperty(name) }
    override func setProperty(_ name: String, _ value: Value) -> Bool { instance.setProperty(name, value) }
    override func toString(_ context: ConversionContext) -> String { instance.toString(context) }
    override func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? {
        guard let (def, m) = definition.findMethod(name, arity: args.count, isStatic: false) else { return nil }
        return try def.run(m, instance, args, definition.definingScope ?? context.globalScope, .none)
    }
}

/// Script classes, kept per session (see SessionTypes).
enum Classes {
    /// Where static initial values are evaluated before the definition has run.
    static var sessionScope: Scope? { SessionTypes.current?.globalScope }
    static func find(_ name: String) -> ClassDefinition? { SessionTypes.current?.classes[name.lowercased()] }
    static func register(_ c: ClassDefinition) { SessionTypes.current?.classes[c.name.lowercased()] = c }
}

/// Where a class definition stands: it gives the class the scope it runs in.
final class ClassDefinitionStmt: Stmt {
    let definition: ClassDefinition
    init(_ definition: ClassDefinition, _ range: SourceRange) {
        self.definition = definition
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        definition.definingScope = s
    }
}
