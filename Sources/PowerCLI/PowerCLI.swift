// Placeholder until this layer's issue lands; keeps the package's layering in place.
public enum PowerCLILayer { public static let name = "PowerCLI" }
