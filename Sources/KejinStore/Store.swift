// The SQLite store. See Store.swift.
