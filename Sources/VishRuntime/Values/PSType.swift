import VishSyntax

/// A .NET type as scripts name it (`[int]`, `[System.Collections.Generic.List[string]]`).
public final class PSType {
    public enum Kind: Equatable {
        case object, int, long, double, decimal, string, bool, char
        case byte, sbyte, int16, uint16, uint32, uint64, single, bigint
        case array, hashtable, ordered, pscustomobject, psobject, scriptblock
        case datetime, timespan, regex, version, guid, switchParameter, void, type
        case arrayList, list, stack, queue, hashSet, math, convert, path, environment, stringBuilder, enumType, nullable, psclass
        case languagePrimitives
        case xml, ipAddress, uri, securestring, errorRecord, exception
        /// A type Vish does not model: values pass through unconverted.
        case unresolved
    }

    public let kind: Kind
    public let fullName: String
    /// Element type of arrays, List[T] and Nullable[T].
    public let element: PSType?

    init(_ kind: Kind, _ fullName: String, element: PSType? = nil) {
        self.kind = kind
        self.fullName = fullName
        self.element = element
    }

    /// The short name (`Int32`, `Object[]`).
    public var name: String {
        if kind == .array { return (element?.name ?? "Object") + "[]" }
        if kind == .list { return "List`1" }
        if let open = fullName.firstIndex(of: "["), !fullName.hasSuffix("[]") {
            let base = fullName[..<open].split(separator: ".").last ?? ""
            let args = fullName[open...].filter { $0 == "," }.count + 1
            return "\(base)`\(args)"
        }
        return String(fullName.split(separator: ".").last ?? Substring(fullName))
    }

    public var isNumeric: Bool {
        switch kind {
        case .int, .long, .double, .decimal, .byte, .sbyte, .int16, .uint16, .uint32, .uint64, .single, .bigint: return true
        default: return false
        }
    }

    static let int = PSType(.int, "System.Int32")
    static let long = PSType(.long, "System.Int64")
    static let double = PSType(.double, "System.Double")
    static let decimal = PSType(.decimal, "System.Decimal")
    static let string = PSType(.string, "System.String")
    static let bool = PSType(.bool, "System.Boolean")
    static let char = PSType(.char, "System.Char")
    static let object = PSType(.object, "System.Object")
    static let objectArray = PSType(.array, "System.Object[]", element: .object)
    static let stringArray = PSType(.array, "System.String[]", element: .string)
    static let hashtable = PSType(.hashtable, "System.Collections.Hashtable")
    static let scriptblock = PSType(.scriptblock, "System.Management.Automation.ScriptBlock")
    static let switchParameter = PSType(.switchParameter, "System.Management.Automation.SwitchParameter")
    static let datetime = PSType(.datetime, "System.DateTime")
    static let timespan = PSType(.timespan, "System.TimeSpan")

    static func array(of element: PSType) -> PSType {
        PSType(.array, element.fullName + "[]", element: element)
    }

    static func unresolved(_ name: String) -> PSType { PSType(.unresolved, name) }

    /// Accelerators and full names, lowercased.
    static let named: [String: PSType] = {
        var t: [String: PSType] = [:]
        func add(_ type: PSType, _ names: String...) {
            t[type.fullName.lowercased()] = type
            if type.fullName.hasPrefix("System.") { t[String(type.fullName.dropFirst(7)).lowercased()] = type }
            for n in names { t[n] = type }
        }
        add(.int, "int", "int32")
        add(.long, "long", "int64")
        add(.double, "double")
        add(.decimal, "decimal")
        add(.string, "string")
        add(.bool, "bool", "boolean")
        add(.char, "char")
        add(.object, "object")
        // Known by name only: instances are checked by type name.
        add(PSType(.unresolved, "System.Management.Automation.Language.NullString"), "nullstring")
        add(PSType(.unresolved, "System.DBNull"))
        // A script block is the delegate -replace calls per match.
        add(PSType(.scriptblock, "System.Text.RegularExpressions.MatchEvaluator"))
        add(PSType(.byte, "System.Byte"), "byte")
        add(PSType(.sbyte, "System.SByte"), "sbyte")
        add(PSType(.int16, "System.Int16"), "short", "int16")
        add(PSType(.uint16, "System.UInt16"), "ushort", "uint16")
        add(PSType(.uint32, "System.UInt32"), "uint", "uint32")
        add(PSType(.uint64, "System.UInt64"), "ulong", "uint64")
        add(PSType(.single, "System.Single"), "float", "single")
        add(PSType(.bigint, "System.Numerics.BigInteger"), "bigint")
        add(PSType(.array, "System.Array", element: .object), "array")
        add(.hashtable, "hashtable")
        add(PSType(.ordered, "System.Collections.Specialized.OrderedDictionary"), "ordered")
        add(PSType(.pscustomobject, "System.Management.Automation.PSCustomObject"), "pscustomobject")
        add(PSType(.psobject, "System.Management.Automation.PSObject"), "psobject")
        add(.scriptblock, "scriptblock")
        add(.datetime, "datetime")
        add(.timespan, "timespan")
        add(PSType(.regex, "System.Text.RegularExpressions.Regex"), "regex")
        add(PSType(.version, "System.Version"), "version")
        add(PSType(.guid, "System.Guid"), "guid")
        add(.switchParameter, "switch")
        add(PSType(.void, "System.Void"), "void")
        add(PSType(.type, "System.Type"), "type")
        add(PSType(.arrayList, "System.Collections.ArrayList"))
        add(PSType(.math, "System.Math"), "math")
        add(PSType(.convert, "System.Convert"))
        add(PSType(.languagePrimitives, "System.Management.Automation.LanguagePrimitives"))
        add(PSType(.path, "System.IO.Path"))
        add(PSType(.environment, "System.Environment"))
        add(PSType(.stringBuilder, "System.Text.StringBuilder"))
        add(PSType(.xml, "System.Xml.XmlDocument"), "xml")
        add(PSType(.ipAddress, "System.Net.IPAddress"), "ipaddress")
        add(PSType(.uri, "System.Uri"), "uri")
        add(PSType(.securestring, "System.Security.SecureString"), "securestring")
        add(PSType(.errorRecord, "System.Management.Automation.ErrorRecord"))
        for name in ExceptionTypes.parents.keys {
            let full = ExceptionTypes.displayName(name)
            add(PSType(.exception, full), String(full.split(separator: ".").last!).lowercased())
        }
        add(PSType(.enumType, "System.Enum"))
        add(PSType(.object, "System.ValueType"))
        add(PSType(.object, "System.Collections.IEnumerable"))
        add(PSType(.object, "System.Collections.ICollection"))
        add(PSType(.object, "System.Collections.IDictionary"))
        return t
    }()

    /// Resolves a type literal; nil when Vish does not know the type.
    static func resolve(_ t: TypeName) -> PSType? {
        switch t {
        case .simple(let name, _):
            if let known = named[name.lowercased()] { return known }
            if let e = Enums.find(name) { return PSType(.enumType, e.fullName) }
            if let c = Classes.find(name) { return PSType(.psclass, c.name) }
            // A class defined later in the script: resolved by name when used.
            return nil
        case .array(let element, _, _):
            guard let e = resolve(element) else { return nil }
            return array(of: e)
        case .generic(let base, let args, _):
            let baseName = base.fullName.lowercased()
            let elements = args.map { resolve($0) ?? .unresolved($0.fullName) }
            if ["system.collections.generic.list", "collections.generic.list", "list"].contains(baseName), let e = elements.first {
                return PSType(.list, "System.Collections.Generic.List[\(e.fullName)]", element: e)
            }
            for (kind, name) in [(Kind.stack, "Stack"), (.queue, "Queue"), (.hashSet, "HashSet")] {
                let lower = name.lowercased()
                if ["system.collections.generic.\(lower)", "collections.generic.\(lower)", lower].contains(baseName),
                   elements.count == 1, let e = elements.first {
                    return PSType(kind, "System.Collections.Generic.\(name)[\(e.fullName)]", element: e)
                }
            }
            if ["nullable", "system.nullable"].contains(baseName), let e = elements.first {
                return PSType(.nullable, "System.Nullable[\(e.fullName)]", element: e)
            }
            if baseName.hasSuffix("dictionary") {
                return PSType(.ordered, "System.Collections.Generic.Dictionary[\(elements.map(\.fullName).joined(separator: ","))]")
            }
            return nil
        }
    }
}

/// A type used as a value (`[int]`, `$x.GetType()`).
public final class TypeObject: PSObjectBase {
    public let type: PSType
    /// Written as a type literal (`[pscustomobject]` is then PSObject's accelerator).
    let literal: Bool
    public init(_ type: PSType, literal: Bool = false) {
        self.type = type
        self.literal = literal
    }
    public override var typeName: String { "System.RuntimeType" }
    public override func setProperty(_ name: String, _ value: Value) -> Bool {
        guard type.kind == .psclass, let def = Classes.find(type.fullName),
              let scope = def.definingScope ?? Classes.sessionScope,
              let v = (try? def.staticVariable(name, scope)) ?? nil else { return false }
        v.value = (try? v.typeConstraint.map { try Convert.to($0, value, .none) } ?? value) ?? value
        return true
    }

    /// The .NET full name a type literal stands for: `[pscustomobject]` is PSObject, and
    /// accelerators Vish knows only by name (attributes, `[ref]`, `[semver]`…) name theirs.
    var displayFullName: String {
        if type.kind == .pscustomobject && literal { return "System.Management.Automation.PSObject" }
        guard type.kind == .unresolved else { return type.fullName }
        return Self.acceleratorFullNames[type.fullName.lowercased()] ?? type.fullName
    }

    static let acceleratorFullNames: [String: String] = {
        var t = [
            "ref": "System.Management.Automation.PSReference", "semver": "System.Management.Automation.SemanticVersion",
            "mailaddress": "System.Net.Mail.MailAddress", "cultureinfo": "System.Globalization.CultureInfo",
            "wildcardpattern": "System.Management.Automation.WildcardPattern",
            "psprimitivedictionary": "System.Management.Automation.PSPrimitiveDictionary",
            "pslistmodifier": "System.Management.Automation.PSListModifier", "pscredential": "System.Management.Automation.PSCredential",
            "securestring": "System.Security.SecureString", "bigint": "System.Numerics.BigInteger",
            "psmoduleinfo": "System.Management.Automation.PSModuleInfo", "powershell": "System.Management.Automation.PowerShell",
            "runspace": "System.Management.Automation.Runspaces.Runspace", "x509certificate": "System.Security.Cryptography.X509Certificates.X509Certificate",
        ]
        for a in ["Parameter", "CmdletBinding", "Alias", "ValidateSet", "ValidateRange", "ValidateNotNullOrEmpty", "ValidateNotNull",
                  "ValidatePattern", "ValidateScript", "ValidateLength", "ValidateCount", "ValidateDrive", "ValidateUserDrive",
                  "ValidateTrustedData", "AllowNull", "AllowEmptyString", "AllowEmptyCollection", "OutputType", "SupportsWildcards",
                  "PSDefaultValue", "ArgumentCompleter", "ArgumentCompletions", "DscResource", "DscProperty", "DscLocalConfigurationManager",
                  "Experimental", "ExperimentAction", "ValidateNotNullOrWhiteSpace", "PSTypeName"] {
            t[a.lowercased()] = "System.Management.Automation.\(a)Attribute"
        }
        return t
    }()

    /// pwsh names a type by its accelerator when it has one (`[string][int]` is "int").
    public override func toString(_ context: ConversionContext) -> String {
        TypeObject.accelerators[type.fullName] ?? type.fullName
    }

    static let accelerators: [String: String] = [
        "System.Int32": "int", "System.Int64": "long", "System.Double": "double", "System.Decimal": "decimal",
        "System.String": "string", "System.Boolean": "bool", "System.Char": "char", "System.Byte": "byte",
        "System.SByte": "sbyte", "System.Int16": "short", "System.UInt16": "ushort", "System.UInt32": "uint",
        "System.UInt64": "ulong", "System.Single": "float", "System.Collections.Hashtable": "hashtable",
        "System.Text.RegularExpressions.Regex": "regex", "System.DateTime": "datetime", "System.TimeSpan": "timespan",
        "System.Version": "version", "System.Guid": "guid", "System.Management.Automation.ScriptBlock": "scriptblock",
        "System.Management.Automation.SwitchParameter": "switch", "System.Type": "type",
        "System.Xml.XmlDocument": "xml", "System.Array": "array",
    ]
    public override var propertyNames: [String] { ["IsPublic", "IsSerial", "Name", "BaseType"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "name":
            if (type.kind == .pscustomobject && literal) || type.kind == .unresolved, !displayFullName.contains("[") {
                return .string(String(displayFullName.split(separator: ".").last ?? ""))
            }
            return .string(type.name)
        case "fullname": return .string(displayFullName)
        case "namespace":
            let parts = displayFullName.split(separator: ".")
            return .string(parts.dropLast().joined(separator: "."))
        case "ispublic": return .true
        case "isserial": return .true
        case "isarray": return .bool(type.kind == .array)
        case "basetype": return .string(baseTypeName)
        default: return nil
        }
    }

    var baseTypeName: String {
        switch type.kind {
        case .array: return "System.Array"
        case .int, .long, .double, .decimal, .bool, .char, .byte, .sbyte, .int16, .uint16, .uint32, .uint64, .single,
             .datetime, .timespan, .guid, .switchParameter:
            return "System.ValueType"
        case .object: return ""
        default: return "System.Object"
        }
    }
}
