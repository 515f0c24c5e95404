import VishSyntax

/// One parameter of a command (cmdlet or script function). A class: the binder reads
/// parameters on every call, and copying a struct this size is what it would cost.
public final class ParameterInfo {
    public var name: String
    public var type: PSType?
    public var aliases: [String] = []
    /// Per parameter set (empty name = all sets): position, mandatory, pipeline binding.
    public var sets: [ParameterSetEntry] = [] {
        didSet { cachedSetNames = nil; cachedSetKeys = nil }
    }
    public var isSwitch = false
    var defaultValue: Expr?
    public var validateSet: [String]?
    public var validateSetIgnoreCase = true
    public var validateRange: (Double, Double)?
    public var validateNotNullOrEmpty = false
    public var validateNotNull = false
    var validateScript: CompiledBlock?
    public var validatePattern: String?
    public var validateLength: (Int, Int)?
    public var validateCount: (Int, Int)?
    /// The ErrorMessage= format of ValidateScript/ValidatePattern/ValidateSet ({0} the item, {1} the rule).
    var validationMessages: [String: String] = [:]
    public var allowNull = false
    public var allowEmptyString = false
    public var allowEmptyCollection = false
    /// `[Parameter()]` written on it: the function is an advanced one.
    public var isParameterAttributed = false

    /// Whether a value bound to it has anything to be checked against (Validation.check).
    var validates: Bool {
        validateSet != nil || validateRange != nil || validateNotNullOrEmpty || validateNotNull || validateScript != nil
            || validatePattern != nil || validateLength != nil || validateCount != nil || sets.contains(where: { $0.mandatory })
    }

    public init(name: String, type: PSType? = nil, aliases: [String] = [], position: Int? = nil, mandatory: Bool = false,
                fromPipeline: Bool = false, fromPipelineByPropertyName: Bool = false, fromRemaining: Bool = false,
                set: String = "", isSwitch: Bool = false) {
        self.name = name
        self.type = type
        self.aliases = aliases
        self.isSwitch = isSwitch || type?.kind == .switchParameter
        if position != nil || mandatory || fromPipeline || fromPipelineByPropertyName || fromRemaining || !set.isEmpty {
            sets = [ParameterSetEntry(set: set, position: position, mandatory: mandatory, fromPipeline: fromPipeline,
                                      fromPipelineByPropertyName: fromPipelineByPropertyName, fromRemaining: fromRemaining)]
        }
    }

    /// `[ValidateRange(lo, hi)]`.
    func validatingRange(_ lo: Double, _ hi: Double) -> ParameterInfo {
        validateRange = (lo, hi)
        return self
    }

    /// `[ValidateNotNull()]`.
    func notNull() -> ParameterInfo {
        validateNotNull = true
        return self
    }

    /// `[AllowNull()][AllowEmptyString()]` on a mandatory parameter.
    func allowingNull() -> ParameterInfo {
        allowNull = true
        allowEmptyString = true
        allowEmptyCollection = true
        return self
    }

    func entry(for set: String?) -> ParameterSetEntry? {
        if sets.isEmpty { return ParameterSetEntry(set: "") }
        return sets.first { $0.set.isEmpty || set == nil || $0.set.caseInsensitiveCompare(set!) == .orderedSame }
    }

    func inSet(_ set: String) -> Bool {
        sets.isEmpty || sets.contains { $0.set.isEmpty || $0.set.caseInsensitiveCompare(set) == .orderedSame }
    }

    /// The named sets it belongs to (none: all sets).
    var setNames: [String] {
        if let cached = cachedSetNames { return cached }
        let names = sets.map(\.set).filter { !$0.isEmpty }
        cachedSetNames = names
        return names
    }
    /// The same, lowercased.
    var setKeys: Set<String> {
        if let cached = cachedSetKeys { return cached }
        let keys = Set(setNames.map { $0.lowercased() })
        cachedSetKeys = keys
        return keys
    }
    private var cachedSetNames: [String]?
    private var cachedSetKeys: Set<String>?
}

public struct ParameterSetEntry {
    public var set: String
    public var position: Int?
    public var mandatory = false
    public var fromPipeline = false
    public var fromPipelineByPropertyName = false
    public var fromRemaining = false

    public init(set: String, position: Int? = nil, mandatory: Bool = false, fromPipeline: Bool = false,
                fromPipelineByPropertyName: Bool = false, fromRemaining: Bool = false) {
        self.set = set
        self.position = position
        self.mandatory = mandatory
        self.fromPipeline = fromPipeline
        self.fromPipelineByPropertyName = fromPipelineByPropertyName
        self.fromRemaining = fromRemaining
    }
}

/// Anything a command name can resolve to.
public class CommandInfo: PSObjectBase {
    public let name: String
    public init(name: String) { self.name = name }
    public var parameters: [ParameterInfo] { [] }
    public var defaultParameterSet: String? { nil }
    /// Cmdlets and advanced functions reject unknown parameters and take common ones.
    public var isAdvanced: Bool { true }
    public var supportsShouldProcess: Bool { false }
    public override var typeName: String { "System.Management.Automation.CmdletInfo" }
    public override func toString(_ context: ConversionContext) -> String { name }

    /// A processor for one use of the command in a pipeline.
    func makeProcessor(_ call: CommandCall) throws -> CommandProcessor { fatalError("abstract") }
}

/// A function defined by a script.
public final class FunctionInfo: CommandInfo {
    let block: CompiledBlock
    init(name: String, block: CompiledBlock) {
        self.block = block
        super.init(name: name)
    }
    public override var parameters: [ParameterInfo] { block.parameters }
    public override var isAdvanced: Bool { block.isAdvanced }
    public override var supportsShouldProcess: Bool { block.supportsShouldProcess }
    public override var defaultParameterSet: String? { block.defaultParameterSet }
    public override var typeName: String { "System.Management.Automation.FunctionInfo" }
    override func makeProcessor(_ call: CommandCall) throws -> CommandProcessor {
        ScriptCommandProcessor(block: block, call: call, newScope: true, commandName: name)
    }
}

/// How `[Parameter(...)]`, `[Alias()]` and the validation attributes shape a parameter.
enum ParameterAttributes {
    static func apply(_ attr: Attribute, to info: ParameterInfo, compiler: Compiler) throws {
        let name = attr.typeName.fullName.lowercased()
        func text(_ e: Expression) -> String {
            switch e {
            case .string(let s): return s.value
            case .constant(let n, _): return Convert.toString(Value(n), ConversionContext())
            default: return ""
            }
        }
        func truth(_ e: Expression) -> Bool { compiler.constantTruth(e) }
        func errorMessage() {
            for n in attr.namedArguments where n.name.lowercased() == "errormessage" {
                info.validationMessages[name.hasPrefix("system.management.automation.") ? String(name.dropFirst(29)) : name] = text(n.value)
            }
        }
        switch name {
        case "parameter", "system.management.automation.parameterattribute":
            info.isParameterAttributed = true
            var entry = ParameterSetEntry(set: "")
            for n in attr.namedArguments {
                switch n.name.lowercased() {
                case "mandatory": entry.mandatory = truth(n.value)
                case "position": entry.position = Int(text(n.value))
                case "valuefrompipeline": entry.fromPipeline = truth(n.value)
                case "valuefrompipelinebypropertyname": entry.fromPipelineByPropertyName = truth(n.value)
                case "valuefromremainingarguments": entry.fromRemaining = truth(n.value)
                case "parametersetname":
                    entry.set = text(n.value)
                    if entry.set.caseInsensitiveCompare("__AllParameterSets") == .orderedSame { entry.set = "" }
                default: break
                }
            }
            info.sets.append(entry)
        case "alias":
            info.aliases += attr.positionalArguments.map(text)
        case "validateset":
            info.validateSet = attr.positionalArguments.map(text)
            for n in attr.namedArguments where n.name.lowercased() == "ignorecase" { info.validateSetIgnoreCase = truth(n.value) }
            errorMessage()
        case "validaterange":
            let bounds = attr.positionalArguments.map { Double(text($0)) }
            if bounds.count == 2, let lo = bounds[0], let hi = bounds[1] { info.validateRange = (lo, hi) }
        case "validatelength", "validatecount":
            let bounds = attr.positionalArguments.map { Int(text($0)) }
            if bounds.count == 2, let lo = bounds[0], let hi = bounds[1] {
                if name == "validatelength" { info.validateLength = (lo, hi) } else { info.validateCount = (lo, hi) }
            }
        case "validatenotnullorempty": info.validateNotNullOrEmpty = true
        case "validatenotnull": info.validateNotNull = true
        case "validatepattern":
            info.validatePattern = attr.positionalArguments.first.map(text)
            errorMessage()
        case "validatescript":
            if case .scriptBlock(let sb)? = attr.positionalArguments.first {
                info.validateScript = try Compiler.compile(sb, source: compiler.source)
            }
            errorMessage()
        case "allownull": info.allowNull = true
        case "allowemptystring": info.allowEmptyString = true
        case "allowemptycollection": info.allowEmptyCollection = true
        default: break
        }
    }
}
