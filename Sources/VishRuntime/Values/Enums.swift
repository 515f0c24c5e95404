/// The enumerations scripts name (`[ConsoleColor]::Red`, `[DayOfWeek]'Monday'`), kept in
/// a registry the PowerCLI layer adds its own to (PowerState…).
public struct EnumDefinition {
    public let fullName: String
    public let members: [(String, Int)]
    public let isFlags: Bool

    public init(_ fullName: String, _ members: [(String, Int)], isFlags: Bool = false) {
        self.fullName = fullName
        self.members = members
        self.isFlags = isFlags
    }

    public init(_ fullName: String, names: [String]) {
        self.init(fullName, names.enumerated().map { ($1, $0) })
    }

    func value(named name: String) -> EnumValue? {
        members.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }.map { EnumValue(type: fullName, name: $0.0, value: $0.1) }
    }

    func value(_ number: Int) -> EnumValue {
        if let m = members.first(where: { $0.1 == number }) { return EnumValue(type: fullName, name: m.0, value: number) }
        if isFlags {
            let names = members.filter { $0.1 != 0 && number & $0.1 == $0.1 }.map(\.0)
            if !names.isEmpty { return EnumValue(type: fullName, name: names.joined(separator: ", "), value: number) }
        }
        return EnumValue(type: fullName, name: String(number), value: number)
    }

    /// `[T]'name'`, `[T]'a, b'` (flags), `[T]3`, as pwsh converts to an enum.
    /// An integer must name a member (or, for flags, only members' bits) unless the enum has
    /// negative members (LanguagePrimitives.EnumSingleTypeConverter.IsDefinedEnum).
    private func checkDefined(_ n: Int, _ v: Value, _ position: ErrorPosition) throws {
        if members.contains(where: { $0.1 < 0 }) { return }
        let all = members.reduce(0) { $0 | $1.1 }
        let defined = n >= 0 && (isFlags ? (n | all) ^ all == 0 : members.contains { $0.1 == n })
        if defined { return }
        let r = ErrorRecord("System.Management.Automation.PSInvalidCastException",
                            "Cannot convert value \"\(Convert.toString(v, ConversionContext()))\" to type \"\(fullName)\" due to enumeration values that are not valid. Specify one of the following enumeration values and try again. The possible enumeration values are \"\(members.map(\.0).joined(separator: ","))\".",
                            id: "UndefinedIntegerToEnum", category: .invalidArgument, target: v, position: position)
        r.atSequencePoint = true
        throw r
    }

    func convert(_ v: Value, _ position: ErrorPosition) throws -> Value {
        switch v.normalized {
        case .object(let e as EnumValue) where e.enumType == fullName:
            return .object(e)
        case .int, .long, .double, .decimal, .object(is PSScalarBox), .object(is EnumValue):
            let n: Int
            if case .object(let e as EnumValue) = v.normalized { n = e.value } else { n = Int(try Convert.toInt64(v, position)) }
            try checkDefined(n, v, position)
            return .object(value(n))
        case .string(let s):
            let parts = isFlags ? s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [s.trimmingCharacters(in: .whitespaces)]
            var total = 0
            for p in parts {
                if let e = value(named: p) { total |= e.value; if !isFlags { return .object(e) }; continue }
                if let n = Int(p) { total |= n; if !isFlags { return .object(value(n)) }; continue }
                throw Errors.conversion(v, fullName, "Unable to match the identifier name \(p) to a valid enumerator name. Specify one of the following enumerator names and try again:\n\(members.map(\.0).joined(separator: ", "))", position)
            }
            return .object(value(total))
        case .object(let o) where o.isEnumerable && isFlags:
            var total = 0
            for item in o.enumerate() {
                if case .object(let e as EnumValue) = try convert(item, position) { total |= e.value }
            }
            return .object(value(total))
        default:
            throw Errors.conversion(v, fullName, nil, position)
        }
    }
}

public enum Enums {
    /// .NET's enums, and those other layers register (PowerCLI's): the same in every session.
    private static let builtins = Locked(builtinEnums())

    /// Registers an enum every session knows.
    public static func register(_ e: EnumDefinition, shortName: Bool = true) {
        builtins.withLock { add(e, to: &$0, shortName: shortName) }
    }

    /// Registers an enum a script defined, in the session running it.
    static func registerScriptEnum(_ e: EnumDefinition) {
        guard let types = SessionTypes.current else { return register(e) }
        add(e, to: &types.enums, shortName: true)
    }

    static func find(_ name: String) -> EnumDefinition? {
        let key = name.lowercased()
        if let types = SessionTypes.current, let e = types.enums[key] { return e }
        return builtins.withLock { $0[key] }
    }

    private static func add(_ e: EnumDefinition, to table: inout [String: EnumDefinition], shortName: Bool) {
        table[e.fullName.lowercased()] = e
        if shortName, let short = e.fullName.split(separator: ".").last { table[short.lowercased()] = e }
        if e.fullName.hasPrefix("System.") { table[String(e.fullName.dropFirst(7)).lowercased()] = e }
    }

    private static func builtinEnums() -> [String: EnumDefinition] {
        var table: [String: EnumDefinition] = [:]
        func register(_ e: EnumDefinition) { add(e, to: &table, shortName: true) }
        register(EnumDefinition("System.DayOfWeek", names: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]))
        register(EnumDefinition("System.ConsoleColor", names: ["Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta",
                                                               "DarkYellow", "Gray", "DarkGray", "Blue", "Green", "Cyan", "Red",
                                                               "Magenta", "Yellow", "White"]))
        register(EnumDefinition("System.MidpointRounding", names: ["ToEven", "AwayFromZero", "ToZero", "ToNegativeInfinity", "ToPositiveInfinity"]))
        register(EnumDefinition("System.Management.Automation.ActionPreference",
                                names: ["SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore", "Suspend", "Break"]))
        register(EnumDefinition("System.Management.Automation.ConfirmImpact", names: ["None", "Low", "Medium", "High"]))
        register(EnumDefinition("System.StringSplitOptions", [("None", 0), ("RemoveEmptyEntries", 1), ("TrimEntries", 2)], isFlags: true))
        register(EnumDefinition("System.StringComparison", names: ["CurrentCulture", "CurrentCultureIgnoreCase", "InvariantCulture",
                                                                   "InvariantCultureIgnoreCase", "Ordinal", "OrdinalIgnoreCase"]))
        register(EnumDefinition("System.Text.RegularExpressions.RegexOptions",
                                [("None", 0), ("IgnoreCase", 1), ("Multiline", 2), ("ExplicitCapture", 4), ("Compiled", 8),
                                 ("Singleline", 16), ("IgnorePatternWhitespace", 32), ("RightToLeft", 64), ("ECMAScript", 256),
                                 ("CultureInvariant", 512)], isFlags: true))
        register(EnumDefinition("System.DateTimeKind", names: ["Unspecified", "Utc", "Local"]))
        register(EnumDefinition("System.Management.Automation.CommandTypes",
                                [("Alias", 1), ("Function", 2), ("Filter", 4), ("Cmdlet", 8), ("ExternalScript", 16),
                                 ("Application", 32), ("Script", 64), ("Configuration", 256), ("All", 383)], isFlags: true))
        register(EnumDefinition("System.IO.FileAttributes",
                                [("ReadOnly", 1), ("Hidden", 2), ("System", 4), ("Directory", 16), ("Archive", 32), ("Normal", 128)],
                                isFlags: true))
        register(EnumDefinition("System.Security.AccessControl.AceFlags",
                                [("None", 0), ("ObjectInherit", 1), ("ContainerInherit", 2), ("NoPropagateInherit", 4),
                                 ("InheritOnly", 8), ("InheritanceFlags", 15), ("SuccessfulAccess", 64), ("FailedAccess", 128),
                                 ("AuditFlags", 192)], isFlags: true))
        register(EnumDefinition("System.Reflection.TypeAttributes",
                                [("NotPublic", 0), ("AutoLayout", 0), ("AnsiClass", 0), ("Class", 0), ("Public", 1),
                                 ("NestedPublic", 2), ("NestedPrivate", 3), ("NestedFamily", 4), ("NestedAssembly", 5),
                                 ("NestedFamANDAssem", 6), ("VisibilityMask", 7), ("NestedFamORAssem", 7),
                                 ("SequentialLayout", 8), ("ExplicitLayout", 16), ("LayoutMask", 24), ("Interface", 32),
                                 ("ClassSemanticsMask", 32), ("Abstract", 128), ("Sealed", 256), ("SpecialName", 1024),
                                 ("RTSpecialName", 2048), ("Import", 4096), ("Serializable", 8192), ("WindowsRuntime", 16384),
                                 ("UnicodeClass", 65536), ("AutoClass", 131072), ("CustomFormatClass", 196608),
                                 ("StringFormatMask", 196608), ("HasSecurity", 262144), ("ReservedMask", 264192),
                                 ("BeforeFieldInit", 1048576), ("CustomFormatMask", 12582912)], isFlags: true))
        return table
    }
}
