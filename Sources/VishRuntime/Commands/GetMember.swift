/// Get-Member: the members of the input objects, one MemberDefinition each, grouped
/// by type name (each type listed once).
final class GetMember: NativeCommand {
    static let info = CmdletInfo("Get-Member", [
        ParameterInfo(name: "InputObject", fromPipeline: true),
        ParameterInfo(name: "Name", type: .stringArray, position: 0),
        ParameterInfo(name: "MemberType", type: .string, aliases: ["Type"]),
        ParameterInfo(name: "View", type: .string),
        ParameterInfo(name: "Static", isSwitch: true),
        ParameterInfo(name: "Force", isSwitch: true),
    ], make: { GetMember($0, $1) })

    private var seen: Set<String> = []
    private var any = false

    override func processRecord(_ input: Value?) throws {
        guard let item = param("InputObject")?.normalized, !item.isNull else { return }
        any = true
        let typeName = item.asObject?.typeNames.first ?? Convert.typeName(item)
        guard seen.insert(typeName).inserted else { return }
        let names = (strings("Name") ?? []).map { Wildcard($0, caseSensitive: false) }
        let types = (string("MemberType") ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let members = Self.members(of: item).filter { m in
            (names.isEmpty || names.contains { $0.matches(m.name) })
                && (types.isEmpty || types.contains("all") || types.contains(m.memberType.lowercased())
                    || (types.contains("properties") && m.memberType.hasSuffix("Property"))
                    || (types.contains("methods") && m.memberType.hasSuffix("Method")))
        }.sorted { a, b in
            a.memberType != b.memberType ? a.memberType < b.memberType : a.name.lowercased() < b.name.lowercased()
        }
        for m in members {
            try writeObject(.object(MemberDefinition(typeName: typeName, name: m.name, memberType: m.memberType,
                                                     definition: m.definition)))
        }
    }

    override func endProcessing() throws {
        if !any {
            try writeError(error("You must specify an object for the Get-Member cmdlet.", id: "NoObjectInGetMember",
                                 category: .closeError, exception: "System.InvalidOperationException"))
        }
    }

    /// A type's short C# name as member definitions print it.
    static func shortType(_ v: Value) -> String {
        switch v.normalized {
        case .null: return "object"
        case .bool: return "bool"
        case .int: return "int"
        case .long: return "long"
        case .double: return "double"
        case .decimal: return "decimal"
        case .string: return "string"
        case .object(let o):
            if let b = o as? PSScalarBox {
                switch b.value {
                case .char: return "char"
                case .byte: return "byte"
                case .single: return "float"
                default: return String(b.typeName.split(separator: ".").last ?? "")
                }
            }
            return String(o.typeName.split(separator: ".").last ?? "Object")
        }
    }

    static func members(of v: Value) -> [(name: String, memberType: String, definition: String)] {
        var out: [(String, String, String)] = [
            ("Equals", "Method", "bool Equals(System.Object obj)"),
            ("GetHashCode", "Method", "int GetHashCode()"),
            ("GetType", "Method", "type GetType()"),
            ("ToString", "Method", "string ToString()"),
        ]
        if case .string = v.normalized {
            out.append(("Length", "Property", "int Length {get;}"))
            for (m, d) in [("Contains", "bool Contains(string value)"), ("EndsWith", "bool EndsWith(string value)"),
                           ("IndexOf", "int IndexOf(string value)"), ("Replace", "string Replace(string oldValue, string newValue)"),
                           ("Split", "string[] Split(Params char[] separator)"), ("StartsWith", "bool StartsWith(string value)"),
                           ("Substring", "string Substring(int startIndex)"), ("ToLower", "string ToLower()"),
                           ("ToUpper", "string ToUpper()"), ("Trim", "string Trim()")] {
                out.append((m, "Method", d))
            }
            return out
        }
        guard case .object(let o) = v.normalized else { return out }
        let isCustom = o is PSCustomObject
        for p in PropertyList.properties(of: v) {
            let type = shortType(p.value)
            if isCustom {
                let text = p.value.isNull ? "null" : Convert.toString(p.value, ConversionContext())
                out.append((p.name, "NoteProperty", "\(type) \(p.name)=\(text)"))
            } else {
                out.append((p.name, "Property", "\(type) \(p.name) {get;set;}"))
            }
        }
        return out
    }
}

/// One member, as Get-Member lists it.
public final class MemberDefinition: PSObjectBase {
    let memberTypeName: String
    let name: String
    let memberType: String
    let definition: String

    init(typeName: String, name: String, memberType: String, definition: String) {
        self.memberTypeName = typeName
        self.name = name
        self.memberType = memberType
        self.definition = definition
    }

    public override var typeName: String { "Microsoft.PowerShell.Commands.MemberDefinition" }
    public override var propertyNames: [String] { ["TypeName", "Name", "MemberType", "Definition"] }
    public override func getProperty(_ n: String) -> Value? {
        switch n.lowercased() {
        case "typename": return .string(memberTypeName)
        case "name": return .string(name)
        case "membertype": return .string(memberType)
        case "definition": return .string(definition)
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { definition }

    static func registerViews() {
        FormatViews.register("Microsoft.PowerShell.Commands.MemberDefinition", .table(TableView(
            [.property("Name"), .property("MemberType"), .property("Definition")],
            groupBy: .property("TypeName"))))
    }
}
