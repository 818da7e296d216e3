//go:build screenshots

package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/cable/cable/internal/cable"
	"github.com/cable/cable/internal/sqlite"
)

// demoAlerts gives the reports page's alerts something to show: the
// CONFIDENTIAL analyst, on a budget of three reads an hour, reads eight
// cables (five refused, one alert), and the PRC liaison officer pages
// through 1,500 search hits (a search-paging alert).
func demoAlerts(ctx context.Context, tr *sqlite.Traffic) error {
	as := func(name string) (context.Context, error) {
		u, err := tr.FindUserByName(ctx, name)
		return cable.NewContextWithUser(ctx, u), err
	}
	analyst, err := as("conf-reader")
	if err != nil {
		return err
	}
	res, err := tr.Search(analyst, cable.SearchQuery{Limit: 8})
	if err != nil {
		return fmt.Errorf("demo alerts: %w", err)
	}
	for _, h := range res.Hits {
		m := &cable.ReadMeter{Limit: cable.ReadBudget{Hour: 3, Day: 100}}
		var spent *cable.BudgetSpent
		if _, err := tr.FindCableByID(cable.NewContextWithMeter(analyst, m), h.ID); err != nil && !errors.As(err, &spent) {
			return fmt.Errorf("demo alerts: %w", err)
		}
	}
	liaison, err := as("chn-liaison")
	if err != nil {
		return err
	}
	if _, err := tr.CountSearchHits(liaison, 1500, 1000); err != nil {
		return fmt.Errorf("demo alerts: %w", err)
	}
	return nil
}
