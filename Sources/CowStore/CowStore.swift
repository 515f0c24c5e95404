// Placeholder until this layer's issue lands; keeps the package's layering in place.
public enum CowStoreLayer { public static let name = "CowStore" }
