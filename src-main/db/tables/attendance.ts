/** Tables of migration 0006_attendance. */
export interface AttendanceEntriesTable {
  id: string;
  userId: string;
  clockInAt: string;
  clockOutAt: string | null;
}

export interface AttendanceTables {
  attendanceEntries: AttendanceEntriesTable;
}
