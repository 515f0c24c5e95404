/// Add-Member: note properties (and -NotePropertyName/-NotePropertyValue or a
/// -NotePropertyMembers hashtable) on custom objects and on any other object.
final class AddMember: NativeCommand {
    static let info = CmdletInfo("Add-Member", [
        ParameterInfo(name: "InputObject", mandatory: true, fromPipeline: true),
        ParameterInfo(name: "MemberType", type: .string, aliases: ["Type"], position: 0, set: "MemberSet"),
        ParameterInfo(name: "Name", type: .string, position: 1, set: "MemberSet"),
        ParameterInfo(name: "Value", position: 2, set: "MemberSet"),
        ParameterInfo(name: "SecondValue", position: 3, set: "MemberSet"),
        ParameterInfo(name: "NotePropertyName", type: .string, position: 0, mandatory: true, set: "NotePropertySingleMemberSet"),
        ParameterInfo(name: "NotePropertyValue", position: 1, mandatory: true, set: "NotePropertySingleMemberSet").allowingNull(),
        ParameterInfo(name: "NotePropertyMembers", position: 0, mandatory: true, set: "NotePropertyMultiMemberSet"),
        ParameterInfo(name: "TypeName", type: .string),
        ParameterInfo(name: "Force", isSwitch: true),
        ParameterInfo(name: "PassThru", isSwitch: true),
    ], defaultSet: "MemberSet", make: { AddMember($0, $1) })

    override func processRecord(_ input: Value?) throws {
        guard let item = param("InputObject") else { return }
        var members: [(String, Value)] = []
        if let name = string("NotePropertyName") {
            members = [(name, param("NotePropertyValue") ?? .null)]
        } else if case .object(let h as PSHashtable)? = param("NotePropertyMembers") {
            members = zip(h.keys, h.values).map { (Convert.toString($0, ConversionContext()), $1) }
        } else if let name = string("Name") {
            let type = (string("MemberType") ?? "NoteProperty").lowercased()
            if type == "scriptmethod" {
                guard case .object(let sb as ScriptBlockObject)? = param("Value")?.normalized else {
                    try throwTerminating(error("The value of a ScriptMethod must be a script block.", id: "CannotAddMember",
                                               category: .invalidOperation, exception: "System.InvalidOperationException"))
                }
                guard case .object(let o) = item.normalized else { return }
                let holder: PSCustomObject
                if let c = o as? PSCustomObject { holder = c } else {
                    if o.addedNotes == nil { o.addedNotes = PSCustomObject() }
                    holder = o.addedNotes!
                }
                holder.scriptMethods[name.lowercased()] = (name, sb)
                if switchOn("PassThru") { try writeObject(item) }
                return
            }
            guard type == "noteproperty" || type == "aliasproperty" else {
                try throwTerminating(error("Vish does not support adding members of type \(string("MemberType") ?? "") yet.",
                                           id: "UnsupportedMemberType", category: .notImplemented,
                                           exception: "System.NotSupportedException"))
            }
            var value = param("Value") ?? .null
            if type == "aliasproperty" { value = Members.propertyIfPresent(item.normalized, Convert.toString(value, ConversionContext())) ?? .null }
            members = [(name, value)]
        }
        guard case .object(let o) = item.normalized else {
            try writeError(error("Cannot add a member to a value of type \(Convert.typeName(item)); add members to objects.",
                                 id: "CannotAddMemberToValue", category: .invalidOperation, target: item,
                                 exception: "System.InvalidOperationException"))
            return
        }
        for (name, value) in members {
            let exists = Members.propertyIfPresent(item.normalized, name) != nil
            if exists && !switchOn("Force") {
                try writeError(error("Cannot add a member with the name \"\(name)\" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command.",
                                     id: "MemberAlreadyExists", category: .invalidOperation, target: item,
                                     exception: "System.InvalidOperationException"))
                continue
            }
            if let c = o as? PSCustomObject {
                c.add(name, value)
            } else {
                if o.addedNotes == nil { o.addedNotes = PSCustomObject() }
                o.addedNotes!.add(name, value)
            }
        }
        if let type = string("TypeName"), let c = o as? PSCustomObject {
            c.typeNameList.items.insert(.string(type), at: 0)
        }
        if switchOn("PassThru") { try writeObject(item) }
    }
}
