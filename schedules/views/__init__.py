"""The schedules app's pages, one module per task: windows, the grid, plans and their workflow,
the planner, policies and exceptions, working hours, and the employee's own schedule."""
