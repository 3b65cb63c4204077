import { removeRunTempDir } from "./temp-dir";

export default function globalTeardown(): void {
  removeRunTempDir();
}
